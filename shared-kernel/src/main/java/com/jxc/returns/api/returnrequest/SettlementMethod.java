package com.jxc.returns.api.returnrequest;

/** 退款 to the original payment, 抵扣下次购买 as store credit, or 换货 as an exchange shipment. */
public enum SettlementMethod {
    REFUND, STORE_CREDIT, EXCHANGE
}
