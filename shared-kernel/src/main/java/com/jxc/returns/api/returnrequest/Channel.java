package com.jxc.returns.api.returnrequest;

/** Where the request came in. */
public enum Channel {
    ONLINE_FORM, HOTLINE, SALES_REP, IN_STORE
}
