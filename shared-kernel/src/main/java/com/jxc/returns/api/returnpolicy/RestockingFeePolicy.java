package com.jxc.returns.api.returnpolicy;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.returnrequest.ReturnReason;

/** The restocking fee (退货手续费): a percentage of the credited goods, waived where the seller is at fault. */
public final class RestockingFeePolicy {

    private RestockingFeePolicy() {
    }

    public static boolean isWaived(ReturnPolicyTerms terms, ReturnReason reason) {
        return terms.feeWaivedReasons().contains(reason);
    }

    public static Money fee(ReturnPolicyTerms terms, ReturnReason reason, Money creditedGoods) {
        if (isWaived(terms, reason)) {
            return Money.zero(creditedGoods.currency());
        }
        return creditedGoods.percent(terms.restockingFeePercent());
    }
}
