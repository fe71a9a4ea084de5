package com.jxc.returns.command.returnrequest;

import com.jxc.returns.api.returnpolicy.SettlementCalculator;
import com.jxc.returns.api.returnrequest.ExchangeShipment;
import com.jxc.returns.api.returnrequest.InspectedLine;
import com.jxc.returns.api.returnrequest.ReturnLine;
import com.jxc.returns.api.returnrequest.SettlementMethod;
import com.jxc.returns.api.salesorder.LineQuantity;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * What the customer is told about an outcome. Each message states what actually happened, never a template that
 * merely fits the topic: a settlement that credits nothing says so instead of announcing a refund of zero.
 */
final class CustomerMessages {

    private CustomerMessages() {
    }

    static String approved(List<LineQuantity> approved, Collection<ReturnLine> requested) {
        int approvedUnits = approved.stream().mapToInt(line -> line.quantity().value()).sum();
        int requestedUnits = requested.stream().mapToInt(line -> line.quantity().value()).sum();
        if (approvedUnits == requestedUnits) {
            return "Your return request was approved.";
        }
        return "Your return request was approved for " + units(approvedUnits) + " of the " + requestedUnits
                + " you asked to return.";
    }

    static String rejected(String reason) {
        return "Your return request was rejected: " + reason;
    }

    static String cancelled() {
        return "Your return was cancelled.";
    }

    /** What to do with the goods: keep them, or send them back under this number by the deadline. */
    static String returnOrderInstructions(String number, boolean keepsGoods, Instant deadline) {
        if (keepsGoods) {
            return "Return order " + number + ": please keep the goods; you will be credited without sending them back.";
        }
        return "Return order " + number + ": pack the goods with this number on the parcel and send them to us by "
                + deadline + ".";
    }

    static String expired(String number) {
        return "Return order " + number + " expired: the goods did not arrive in time.";
    }

    static String received(String number) {
        return "We received the goods of return order " + number + ".";
    }

    /**
     * The settlement as it was decided: what inspection refused (refused units go back to the customer, see
     * {@code InspectedLine}), then what the customer gets or owes.
     *
     * @param inspected the lines as inspected (none when the customer keeps the goods)
     */
    static String settled(SettlementMethod method, SettlementCalculator.Amounts amounts, ExchangeShipment exchange,
                          List<InspectedLine> inspected) {
        int refusedUnits = inspected.stream().mapToInt(line -> line.refused().value()).sum();
        int receivedUnits = inspected.stream().mapToInt(line -> line.total().value()).sum();
        String inspection = inspection(refusedUnits, receivedUnits);
        String fee = amounts.restockingFee().isZero() ? ""
                : " (" + amounts.goodsValue() + " less a restocking fee of " + amounts.restockingFee() + ")";
        String outcome = switch (method) {
            case REFUND -> amounts.refunded().isZero() ? "Nothing is refunded."
                    : "Your refund of " + amounts.refunded() + fee + " is on its way to your original payment.";
            case STORE_CREDIT -> amounts.storeCredit().isZero() ? "No store credit is added."
                    : "Store credit of " + amounts.storeCredit() + fee + " was added to your account.";
            case EXCHANGE -> exchange(amounts, exchange);
        };
        return inspection.isEmpty() ? outcome : inspection + " " + outcome;
    }

    private static String inspection(int refused, int received) {
        if (refused == 0) {
            return "";
        }
        if (refused == received) {
            return "None of the returned goods were accepted at inspection: " + units(refused)
                    + (refused == 1 ? " was" : " were") + " refused and will be sent back to you.";
        }
        return refused + " of the " + units(received) + " you returned " + (refused == 1 ? "was" : "were")
                + " refused at inspection and will be sent back to you.";
    }

    private static String exchange(SettlementCalculator.Amounts amounts, ExchangeShipment exchange) {
        StringBuilder text = new StringBuilder("Your replacement (" + units(exchange.quantity().value()) + " of "
                + exchange.sku().value() + ") is being shipped");
        if (amounts.credit().isZero()) {
            text.append("; nothing was credited for returned goods");
        } else {
            text.append("; your returned goods count for ").append(amounts.credit());
            if (!amounts.restockingFee().isZero()) {
                text.append(" after a restocking fee of ").append(amounts.restockingFee());
            }
        }
        if (!amounts.refunded().isZero()) {
            text.append("; ").append(amounts.refunded()).append(" is refunded");
        }
        if (!amounts.dueFromCustomer().isZero()) {
            text.append("; ").append(amounts.dueFromCustomer()).append(" is due");
        }
        return text.append('.').toString();
    }

    private static String units(int count) {
        return count == 1 ? "1 unit" : count + " units";
    }
}
