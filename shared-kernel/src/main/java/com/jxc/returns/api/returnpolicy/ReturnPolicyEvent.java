package com.jxc.returns.api.returnpolicy;

public sealed interface ReturnPolicyEvent permits ReturnPolicyDefined {
    ReturnPolicyId policyId();
}
