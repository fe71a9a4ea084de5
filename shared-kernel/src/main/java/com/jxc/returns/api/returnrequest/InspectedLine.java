package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;

/**
 * Where every received unit of a line went: back to available stock, scrap (报废), repair (维修), return to vendor
 * (退供应商), or refused credit and sent back to the customer.
 */
public record InspectedLine(int lineNo, Sku sku, Quantity restocked, Quantity scrapped, Quantity repair,
                            Quantity returnedToVendor, Quantity refused) {

    /** Units the customer is credited for. */
    public Quantity credited() {
        return restocked.plus(scrapped).plus(repair).plus(returnedToVendor);
    }

    public Quantity total() {
        return credited().plus(refused);
    }
}
