package com.jxc.returns.api.returnrequest;

public enum ReturnState {
    REQUESTED, APPROVED, REJECTED, CANCELLED, EXPIRED, RECEIVED, INSPECTED, SETTLED
}
