package com.jxc.returns.api.returnpolicy;

import java.util.Objects;

/** The terms of one policy version; version 0 is the built-in default before anyone defined a policy. */
public record PolicyVersion(int version, ReturnPolicyTerms terms) {
    public PolicyVersion {
        Objects.requireNonNull(terms, "terms are required");
    }

    public static PolicyVersion builtIn() {
        return new PolicyVersion(0, ReturnPolicyTerms.defaults());
    }
}
