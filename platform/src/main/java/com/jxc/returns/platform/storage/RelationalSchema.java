package com.jxc.returns.platform.storage;

import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

/**
 * What code needs to know of the tables and sequences the Flyway migrations create (resources {@code db/migration}):
 * the names it refers to and the dialect it speaks.
 */
@Component
public class RelationalSchema {

    /** Where return order numbers come from; a restore moves it past the numbers it brings back. */
    public static final String RETURN_ORDER_SEQUENCE = "return_order_number_seq";

    private final Dialect dialect;

    RelationalSchema(DataSourceProperties dataSource) {
        this.dialect = Dialect.of(dataSource.determineUrl());
    }

    Dialect dialect() {
        return dialect;
    }
}
