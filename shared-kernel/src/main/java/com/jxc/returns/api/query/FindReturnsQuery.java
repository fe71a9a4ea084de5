package com.jxc.returns.api.query;

import com.jxc.returns.api.returnrequest.ReturnState;

/** The worklist: every filter is optional; pages start at 0. */
public record FindReturnsQuery(ReturnState state, String customerId, String orderId, int page, int size) {
}
