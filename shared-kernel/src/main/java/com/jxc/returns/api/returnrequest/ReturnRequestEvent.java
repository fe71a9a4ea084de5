package com.jxc.returns.api.returnrequest;

/** Every decision about one return. */
public sealed interface ReturnRequestEvent permits ReturnRequested {
    ReturnRequestId returnId();
}
