package com.jxc.returns.api.returnpolicy;

import com.jxc.returns.api.common.Money;

/** Goods worth less than the threshold are not worth shipping back: the customer keeps them and is credited. */
public final class KeepItemPolicy {

    private KeepItemPolicy() {
    }

    public static boolean keepsItem(ReturnPolicyTerms terms, Money approvedValue) {
        return approvedValue.amount().compareTo(terms.keepItemThreshold()) < 0;
    }
}
