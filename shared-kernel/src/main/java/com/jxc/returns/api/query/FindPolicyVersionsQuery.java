package com.jxc.returns.api.query;

/** All versions of the return policy, newest first; {@code latestOnly} answers with at most one. */
public record FindPolicyVersionsQuery(boolean latestOnly) {
}
