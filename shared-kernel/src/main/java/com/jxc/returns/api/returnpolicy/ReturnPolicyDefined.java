package com.jxc.returns.api.returnpolicy;

import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.common.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A new version of the policy; decisions from now on apply it and record its version. */
@EventTypeName("ReturnPolicyDefined")
@Revision("1")
public record ReturnPolicyDefined(ReturnPolicyId policyId, int version, ReturnPolicyTerms terms, UserId definedBy,
                                  Instant definedAt) implements ReturnPolicyEvent {
}
