package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;

/** A requested line completed with what the order says about it, so the return stands on its own. */
public record ReturnLine(int lineNo, Sku sku, String category, Quantity quantity, ReportedCondition condition,
                         Money unitPrice, Money unitCost) {
}
