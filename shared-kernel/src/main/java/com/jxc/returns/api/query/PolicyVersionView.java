package com.jxc.returns.api.query;

import com.jxc.returns.api.returnpolicy.ReturnPolicyTerms;

import java.time.Instant;

public record PolicyVersionView(int version, ReturnPolicyTerms terms, String definedBy, Instant definedAt) {
}
