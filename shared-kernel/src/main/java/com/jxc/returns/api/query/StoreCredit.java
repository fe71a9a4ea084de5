package com.jxc.returns.api.query;

import java.math.BigDecimal;
import java.util.List;

/**
 * Store credit owed to a customer (a liability), per currency: credits minus debits on the store-credit account.
 * A customer without store credit has no balances.
 */
public record StoreCredit(String customerId, List<Balance> balances) {

    public StoreCredit {
        balances = List.copyOf(balances);
    }

    public record Balance(String currency, BigDecimal amount) {
    }
}
