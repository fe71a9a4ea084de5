package com.jxc.returns.api.returnrequest;

/** What the customer wants in return: 退款, 换货, 抵扣下次购买. */
public enum Resolution {
    REFUND, EXCHANGE, STORE_CREDIT
}
