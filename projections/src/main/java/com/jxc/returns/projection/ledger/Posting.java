package com.jxc.returns.projection.ledger;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.query.LedgerEntry;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * One financial fact of one return as a balanced double entry. The id is derived from the return and the kind of
 * fact, so posting the same fact again replaces it instead of adding to it. A posting that does not balance cannot
 * be built.
 */
record Posting(String id, String kind, String returnId, String orderId, String customerId, Instant occurredAt,
               String description, List<Line> lines, Sku sku, Quantity quantity, Money unitCost) {

    Posting {
        Objects.requireNonNull(id, "posting id");
        Objects.requireNonNull(occurredAt, "posting time");
        lines = List.copyOf(lines);
        if (lines.size() < 2) {
            throw new IllegalStateException("posting " + id + " needs a debit and a credit");
        }
        Currency currency = lines.get(0).debit().currency();
        Money debits = Money.zero(currency);
        Money credits = Money.zero(currency);
        for (Line line : lines) {
            debits = debits.plus(line.debit());
            credits = credits.plus(line.credit());
        }
        if (debits.compareTo(credits) != 0 || debits.isZero()) {
            throw new IllegalStateException("posting " + id + " does not balance: debits " + debits + ", credits "
                    + credits);
        }
    }

    /** The usual posting: {@code amount} debited to one account and credited to another. */
    static Posting transfer(String kind, Fact fact, String description, Account debit, Account credit,
                            Money amount) {
        return twoSided(fact.returnId() + ":" + kind, kind, fact, description, debit, credit, amount, null, null,
                null);
    }

    /** Units moved at their unit cost; one posting per return line ({@code lineNo}, if any) and kind. */
    static Posting atCost(String kind, Integer lineNo, Fact fact, String description, Account debit, Account credit,
                          Sku sku, Quantity quantity, Money unitCost) {
        String id = fact.returnId() + ":" + kind + (lineNo == null ? "" : ":" + lineNo);
        return twoSided(id, kind, fact, description, debit, credit, unitCost.times(quantity.value()), sku, quantity,
                unitCost);
    }

    private static Posting twoSided(String id, String kind, Fact fact, String description, Account debit,
                                    Account credit, Money amount, Sku sku, Quantity quantity, Money unitCost) {
        Money zero = Money.zero(amount.currency());
        return new Posting(id, kind, fact.returnId(), fact.orderId(), fact.customerId(), fact.occurredAt(),
                description, List.of(new Line(debit, amount, zero), new Line(credit, zero, amount)), sku, quantity,
                unitCost);
    }

    Currency currency() {
        return lines.get(0).debit().currency();
    }

    /** The signed amount this posting moves on {@code account}: debits positive, credits negative. */
    Money net(Account account) {
        Money net = Money.zero(currency());
        for (Line line : lines) {
            if (line.account() == account) {
                net = net.plus(line.debit()).minus(line.credit());
            }
        }
        return net;
    }

    LedgerEntry toEntry() {
        return new LedgerEntry(id, kind, returnId, orderId, customerId, occurredAt, currency().getCurrencyCode(),
                description, lines.stream().map(line -> new LedgerEntry.Line(line.account().code(),
                        line.account().title(), line.debit().amount(), line.credit().amount())).toList(),
                sku == null ? null : sku.value(), quantity == null ? null : quantity.value(),
                unitCost == null ? null : unitCost.amount());
    }

    /** One side of a posting; exactly one of the two amounts is positive. */
    record Line(Account account, Money debit, Money credit) {
        Line {
            Objects.requireNonNull(account, "account");
            if (debit.isNegative() || credit.isNegative() || debit.isZero() == credit.isZero()) {
                throw new IllegalStateException("a posting line is either a debit or a credit of a positive amount, "
                        + "was debit " + debit + ", credit " + credit + " on " + account.code());
            }
        }
    }

    /** Where a posting comes from: the return, its order and customer, and the event's time. */
    record Fact(String returnId, String orderId, String customerId, Instant occurredAt) {
    }
}
