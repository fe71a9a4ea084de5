package com.jxc.returns.api.returnpolicy;

import com.jxc.returns.api.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record DefineReturnPolicyCommand(@TargetAggregateIdentifier ReturnPolicyId policyId, ReturnPolicyTerms terms,
                                        UserId definedBy, Instant definedAt) {
}
