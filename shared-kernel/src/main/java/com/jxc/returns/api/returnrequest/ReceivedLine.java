package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;

/** What arrived for one authorised line, compared with what was authorised. */
public record ReceivedLine(int lineNo, Sku expectedSku, Sku receivedSku, Quantity authorised, Quantity received,
                           Discrepancy discrepancy, String note) {

    public static Discrepancy discrepancyOf(Sku expected, Sku received, Quantity authorised, Quantity arrived) {
        if (!expected.equals(received)) {
            return Discrepancy.WRONG_SKU;
        }
        int difference = arrived.compareTo(authorised);
        return difference < 0 ? Discrepancy.SHORT : difference > 0 ? Discrepancy.OVER : Discrepancy.NONE;
    }
}
