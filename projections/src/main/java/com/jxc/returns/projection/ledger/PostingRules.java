package com.jxc.returns.projection.ledger;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.returnrequest.CreditedLine;
import com.jxc.returns.api.returnrequest.ExchangeShipment;
import com.jxc.returns.api.returnrequest.InspectedLine;
import com.jxc.returns.api.returnrequest.ReturnInspected;
import com.jxc.returns.api.returnrequest.ReturnSettled;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.jxc.returns.projection.ledger.Account.ACCOUNTS_RECEIVABLE;
import static com.jxc.returns.projection.ledger.Account.BANK;
import static com.jxc.returns.projection.ledger.Account.COST_OF_GOODS_SOLD;
import static com.jxc.returns.projection.ledger.Account.CUSTOMER_STORE_CREDIT;
import static com.jxc.returns.projection.ledger.Account.INVENTORY;
import static com.jxc.returns.projection.ledger.Account.INVENTORY_WRITE_OFF;
import static com.jxc.returns.projection.ledger.Account.RESTOCKING_FEE_INCOME;
import static com.jxc.returns.projection.ledger.Account.RETURN_SETTLEMENT_CLEARING;
import static com.jxc.returns.projection.ledger.Account.SALES_RETURNS;
import static com.jxc.returns.projection.ledger.Account.SALES_REVENUE;

/**
 * Which postings a return's events make. Money comes from the settlement as the command side computed it; goods
 * move at the unit cost of their order line, and only where the order line carries one.
 *
 * <p>Settlement goes through the clearing account: the returned goods' value is credited to it and every way the
 * credit is used (fee kept, refund, store credit, replacement goods, difference due) is debited from it, so it
 * nets to zero per return. Goods move when the warehouse inspects them: credited units come back into inventory
 * (reversing their cost of sale), scrapped ones are then written off. Goods a customer keeps never come back and
 * make no inventory posting.
 */
final class PostingRules {

    static final String SALES_RETURN = "sales-return";
    static final String RESTOCKING_FEE = "restocking-fee";
    static final String REFUND = "refund";
    static final String STORE_CREDIT = "store-credit";
    static final String EXCHANGE_SALE = "exchange-sale";
    static final String EXCHANGE_DUE = "exchange-due";
    static final String EXCHANGE_COST = "exchange-cost";
    static final String INVENTORY_RETURNED = "inventory-returned";
    static final String SCRAP_WRITE_OFF = "scrap-write-off";

    private PostingRules() {
    }

    static List<Posting> settlement(ReturnSettled event, Optional<OrderCosts> order) {
        var fact = new Posting.Fact(event.returnId().value(), event.orderId().value(), event.customerId().value(),
                event.settledAt());
        String customer = event.customerId().value();
        List<Posting> postings = new ArrayList<>();
        addUnlessZero(postings, SALES_RETURN, fact, "Sales return: goods credited to customer " + customer,
                SALES_RETURNS, RETURN_SETTLEMENT_CLEARING, event.goodsValue());
        addUnlessZero(postings, RESTOCKING_FEE, fact, "Restocking fee kept from the credit",
                RETURN_SETTLEMENT_CLEARING, RESTOCKING_FEE_INCOME, event.restockingFee());
        addUnlessZero(postings, REFUND, fact, "Refund paid to customer " + customer,
                RETURN_SETTLEMENT_CLEARING, BANK, event.refunded());
        addUnlessZero(postings, STORE_CREDIT, fact, "Store credit issued to customer " + customer,
                RETURN_SETTLEMENT_CLEARING, CUSTOMER_STORE_CREDIT, event.storeCredit());
        ExchangeShipment exchange = event.exchange();
        if (exchange != null) {
            addUnlessZero(postings, EXCHANGE_SALE, fact, "Exchange: " + exchange.quantity() + " x "
                            + exchange.sku() + " sold at " + exchange.unitPrice().amount().toPlainString(),
                    RETURN_SETTLEMENT_CLEARING, SALES_REVENUE, exchange.value());
        }
        addUnlessZero(postings, EXCHANGE_DUE, fact, "Exchange difference due from customer " + customer,
                ACCOUNTS_RECEIVABLE, RETURN_SETTLEMENT_CLEARING, event.dueFromCustomer());
        if (exchange != null) {
            exchangeCost(event, exchange, order).filter(cost -> !cost.isZero()).ifPresent(cost ->
                    postings.add(Posting.atCost(EXCHANGE_COST, null, fact, "Exchange: " + exchange.quantity() + " x "
                                    + exchange.sku() + " out of stock at cost " + cost.amount().toPlainString(),
                            COST_OF_GOODS_SOLD, INVENTORY, exchange.sku(), exchange.quantity(), cost)));
        }
        Money clearing = postings.stream().map(posting -> posting.net(RETURN_SETTLEMENT_CLEARING))
                .reduce(Money.zero(event.goodsValue().currency()), Money::plus);
        if (!clearing.isZero()) {
            throw new IllegalStateException("settlement of return " + event.returnId() + " leaves " + clearing
                    + " on the clearing account: its amounts do not add up");
        }
        return postings;
    }

    static List<Posting> inspection(ReturnInspected event, OrderCosts order) {
        var fact = new Posting.Fact(event.returnId().value(), event.orderId().value(), order.customerId(),
                event.inspectedAt());
        List<Posting> postings = new ArrayList<>();
        for (InspectedLine line : event.lines()) {
            Optional<Money> cost = order.costOfLine(line.lineNo()).filter(unitCost -> !unitCost.isZero());
            if (cost.isEmpty()) {
                continue;
            }
            Money unitCost = cost.get();
            Quantity credited = line.credited();
            if (!credited.isZero()) {
                postings.add(Posting.atCost(INVENTORY_RETURNED, line.lineNo(), fact, "Returned goods back in stock: "
                                + credited + " x " + line.sku() + " at cost " + unitCost.amount().toPlainString(),
                        INVENTORY, COST_OF_GOODS_SOLD, line.sku(), credited, unitCost));
            }
            if (!line.scrapped().isZero()) {
                postings.add(Posting.atCost(SCRAP_WRITE_OFF, line.lineNo(), fact, "Scrapped on inspection: "
                                + line.scrapped() + " x " + line.sku() + " at cost "
                                + unitCost.amount().toPlainString(),
                        INVENTORY_WRITE_OFF, INVENTORY, line.sku(), line.scrapped(), unitCost));
            }
        }
        return postings;
    }

    /** The replacement's cost: the returned line's cost when the same SKU comes back, else the order's. */
    private static Optional<Money> exchangeCost(ReturnSettled event, ExchangeShipment exchange,
                                                Optional<OrderCosts> order) {
        Optional<Money> returnedLine = event.creditedLines().stream()
                .filter(line -> line.sku().equals(exchange.sku()) && line.unitCost() != null)
                .map(CreditedLine::unitCost).findFirst();
        return returnedLine.or(() -> order.flatMap(costs -> costs.costOfSku(exchange.sku().value())));
    }

    private static void addUnlessZero(List<Posting> postings, String kind, Posting.Fact fact, String description,
                                      Account debit, Account credit, Money amount) {
        if (!amount.isZero()) {
            postings.add(Posting.transfer(kind, fact, description, debit, credit, amount));
        }
    }
}
