package com.jxc.returns.api.returnpolicy;

import com.jxc.returns.api.common.Identifiers;
import com.jxc.returns.api.common.SingleValue;

/** There is one policy per installation; the id exists so the policy is an ordinary event-sourced aggregate. */
public record ReturnPolicyId(String value) implements SingleValue {
    public static final ReturnPolicyId CURRENT = new ReturnPolicyId("return-policy");

    public ReturnPolicyId {
        Identifiers.requireSafe(value, "policy id");
    }

    @Override
    public String toString() {
        return value;
    }
}
