package com.jxc.returns.api.returnrequest;

/** How what arrived differs from the return order (recorded, never hidden). */
public enum Discrepancy {
    NONE, SHORT, OVER, WRONG_SKU
}
