package com.jxc.returns.projection.ledger;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.salesorder.SalesOrderRecorded;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * What the ledger remembers of a shipped order: its customer, currency and the unit cost of each line (where the
 * sales system sent one). Inspections and exchanges are costed from it.
 */
record OrderCosts(String orderId, String customerId, String currency, List<LineCost> lines) {

    OrderCosts {
        lines = List.copyOf(lines);
    }

    static OrderCosts of(SalesOrderRecorded event) {
        return new OrderCosts(event.orderId().value(), event.customer().id().value(),
                event.currency().getCurrencyCode(), event.lines().stream()
                .map(line -> new LineCost(line.lineNo(), line.sku().value(),
                        line.unitCost() == null ? null : line.unitCost().amount()))
                .toList());
    }

    Optional<Money> costOfLine(int lineNo) {
        return lines.stream().filter(line -> line.lineNo() == lineNo).findFirst().flatMap(this::cost);
    }

    /** The cost of the first line (by line number) that ships {@code sku} with a cost. */
    Optional<Money> costOfSku(String sku) {
        return lines.stream().filter(line -> line.sku().equals(sku) && line.unitCost() != null)
                .sorted((a, b) -> Integer.compare(a.lineNo(), b.lineNo())).findFirst().flatMap(this::cost);
    }

    private Optional<Money> cost(LineCost line) {
        return Optional.ofNullable(line.unitCost()).map(amount -> new Money(amount, Currency.getInstance(currency)));
    }

    record LineCost(int lineNo, String sku, BigDecimal unitCost) {
    }
}
