package com.jxc.returns.api.returnrequest;

/** {@code SETTLEMENT_PENDING}: a settlement above the dual-control threshold waits for a second finance user. */
public enum ReturnState {
    REQUESTED, APPROVED, REJECTED, CANCELLED, EXPIRED, RECEIVED, INSPECTED, SETTLEMENT_PENDING, SETTLED
}
