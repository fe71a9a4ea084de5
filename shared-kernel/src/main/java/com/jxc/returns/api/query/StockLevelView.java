package com.jxc.returns.api.query;

/**
 * Units of one SKU in one warehouse, by bucket: sellable, waiting for inspection, and the three dispositions of
 * returned goods (报废 scrap, 维修 repair, 退供应商 return to vendor).
 */
public record StockLevelView(String sku, String warehouse, long available, long inInspection, long scrap,
                             long repair, long returnToVendor) {

    public long total() {
        return available + inInspection + scrap + repair + returnToVendor;
    }
}
