package com.jxc.returns.console;

import com.jxc.returns.api.query.FindReturnQuery;
import com.jxc.returns.api.query.LedgerEntry;
import com.jxc.returns.api.query.NotificationView;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.NotificationTopic;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Profile;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Texts the service writes for customers and the books in English (return-order instructions, customer
 * notifications, ledger descriptions), written again in the reader's language from the facts behind them: the
 * return order, the return's decisions, the posting's kind and figures. The stored English texts are what the
 * customer and the integrations get; the console never shows them. Used by the templates as {@code @texts}.
 */
@Profile("!command")
@Component("texts")
public class ConsoleTexts {

    private final MessageSource messages;
    private final ConsoleFormat fmt;
    private final QueryGateway queries;

    ConsoleTexts(MessageSource messages, ConsoleFormat fmt, QueryGateway queries) {
        this.messages = messages;
        this.fmt = fmt;
        this.queries = queries;
    }

    /** What the customer is asked to do with the goods of this return order. */
    public String instructions(ReturnView.ReturnOrder order) {
        return order.keepItem() ? text("instructions.keep", order.number())
                : text("instructions.send", order.number(), fmt.dateTime(order.receiptDeadline()));
    }

    /** A notification of the outbox, told from its return as the read model shows it. */
    public String notification(NotificationView notification) {
        Optional<ReturnView> view = queries.query(new FindReturnQuery(new ReturnRequestId(notification.returnId())),
                ResponseTypes.optionalInstanceOf(ReturnView.class)).join();
        return notification(notification.topic(), notification.returnOrderNumber(), view.orElse(null));
    }

    /**
     * What the customer was told about {@code topic}; the details (rejection reason, deadline, amounts) come from
     * {@code view}, the return right after the decision, each decision being made once. Without a view only the
     * topic is named.
     */
    public String notification(NotificationTopic topic, String returnOrderNumber, ReturnView view) {
        String number = returnOrderNumber == null ? "" : returnOrderNumber;
        return switch (topic) {
            case APPROVED -> text("notification.APPROVED");
            case CANCELLED -> text("notification.CANCELLED");
            case RECEIVED -> text("notification.RECEIVED", number);
            case EXPIRED -> text("notification.EXPIRED", number);
            case REJECTED -> view == null || view.rejection() == null ? text("topic.REJECTED")
                    : text("notification.REJECTED", view.rejection().reason());
            case RETURN_ORDER_ISSUED -> view == null || view.returnOrder() == null ? text("topic.RETURN_ORDER_ISSUED")
                    : instructions(view.returnOrder());
            case SETTLED -> view == null || view.settlement() == null ? text("topic.SETTLED")
                    : settled(view.settlement(), view.request().currency());
        };
    }

    private String settled(ReturnView.Settlement settlement, String currency) {
        return switch (settlement.method()) {
            case "REFUND" -> text("notification.SETTLED.REFUND", fmt.money(settlement.refunded(), currency));
            case "STORE_CREDIT" -> text("notification.SETTLED.STORE_CREDIT",
                    fmt.money(settlement.storeCredit(), currency));
            default -> text("notification.SETTLED.EXCHANGE")
                    + (isZero(settlement.refunded()) ? "" : text("notification.exchangeRefunded",
                    fmt.money(settlement.refunded(), currency)))
                    + (isZero(settlement.dueFromCustomer()) ? "" : text("notification.exchangeDue",
                    fmt.money(settlement.dueFromCustomer(), currency)));
        };
    }

    /** The kind of a posting ({@code refund}, {@code scrap-write-off}…) as the books call it. */
    public String ledgerKind(String kind) {
        return text("ledger.kind." + kind);
    }

    /** What a posting records, from its kind and figures: customer, units and SKU at cost, amount. */
    public String ledgerDescription(LedgerEntry entry) {
        BigDecimal amount = entry.lines().stream().map(LedgerEntry.Line::debit).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        return text("ledger.desc." + entry.kind(), entry.customerId(), entry.quantity() == null ? "" : entry.quantity(),
                entry.sku() == null ? "" : entry.sku(), fmt.money(entry.unitCost(), entry.currency()),
                fmt.money(amount, entry.currency()));
    }

    private static boolean isZero(BigDecimal amount) {
        return amount == null || amount.signum() == 0;
    }

    private String text(String key, Object... arguments) {
        return messages.getMessage(key, arguments, LocaleContextHolder.getLocale());
    }
}
