package com.jxc.returns.command.returnpolicy;

import com.jxc.returns.api.returnpolicy.PolicyVersion;

/** The policy version in force now; decisions apply it and record its version. */
@FunctionalInterface
public interface ReturnPolicies {
    PolicyVersion current();
}
