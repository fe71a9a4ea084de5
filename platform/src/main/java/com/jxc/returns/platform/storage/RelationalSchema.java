package com.jxc.returns.platform.storage;

import org.springframework.beans.factory.annotation.Value;
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

    RelationalSchema(@Value("${spring.datasource.url}") String jdbcUrl) {
        this.dialect = Dialect.of(jdbcUrl);
    }

    Dialect dialect() {
        return dialect;
    }
}
