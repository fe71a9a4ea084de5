package com.jxc.returns.api.query;

/**
 * What return analytics are grouped by. {@code SKU} and {@code CATEGORY} look at the lines of a return (a return with
 * two SKUs counts once in each); the others at the return as a whole. {@code MONTH} is the month the return was
 * requested in, in the business time zone.
 */
public enum AnalyticsDimension {
    REASON, SKU, CATEGORY, CHANNEL, CUSTOMER, MONTH;

    public boolean byLine() {
        return this == SKU || this == CATEGORY;
    }
}
