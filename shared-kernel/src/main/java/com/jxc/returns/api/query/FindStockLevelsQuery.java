package com.jxc.returns.api.query;

/** Stock levels filtered by SKU and/or warehouse (either may be null). */
public record FindStockLevelsQuery(String sku, String warehouse) {
}
