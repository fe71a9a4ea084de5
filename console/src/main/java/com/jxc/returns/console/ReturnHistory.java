package com.jxc.returns.console;

import org.springframework.context.annotation.Profile;
import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.returnrequest.CustomerNotificationRequested;
import com.jxc.returns.api.returnrequest.FeedbackGiven;
import com.jxc.returns.api.returnrequest.InspectedLine;
import com.jxc.returns.api.returnrequest.ReceivedLine;
import com.jxc.returns.api.returnrequest.ReturnApproved;
import com.jxc.returns.api.returnrequest.ReturnCancelled;
import com.jxc.returns.api.returnrequest.ReturnExpired;
import com.jxc.returns.api.returnrequest.ReturnInspected;
import com.jxc.returns.api.returnrequest.ReturnLine;
import com.jxc.returns.api.returnrequest.ReturnOrderIssued;
import com.jxc.returns.api.returnrequest.ReturnReceived;
import com.jxc.returns.api.returnrequest.ReturnRejected;
import com.jxc.returns.api.returnrequest.ReturnRequestEvent;
import com.jxc.returns.api.returnrequest.ReturnRequested;
import com.jxc.returns.api.returnrequest.ReturnSettled;
import com.jxc.returns.api.returnrequest.ReturnState;
import com.jxc.returns.api.returnrequest.SettlementDeclined;
import com.jxc.returns.api.returnrequest.SettlementProposed;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.projection.returns.ReturnViewFold;
import com.jxc.returns.api.salesorder.LineQuantity;
import com.jxc.returns.command.web.CommandDispatcher;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A return's history straight from the event store (read only): every event with who did it, in which role, when
 * and under which policy version; and the return as it stood after any one of them, rebuilt by folding the events
 * up to it. The audit API has {@code FindReturnHistoryQuery} and {@code FindReturnAsOfQuery} for the same facts, but
 * the first answers payloads as stored JSON text and the second takes an instant; the console needs the typed events
 * (to describe each in the reader's language) and the return after the n-th event (two events may share an instant).
 */
@Profile("!command")
@Component
class ReturnHistory {

    private final EventStore events;
    private final MessageSource messages;
    private final ConsoleFormat fmt;
    private final ConsoleTexts texts;

    ReturnHistory(EventStore events, MessageSource messages, ConsoleFormat fmt, ConsoleTexts texts) {
        this.events = events;
        this.messages = messages;
        this.fmt = fmt;
        this.texts = texts;
    }

    /** One event as the timeline shows it; {@code number} counts from 1. */
    record Entry(int number, long sequence, String type, Instant at, String userId, String userRole,
                 Integer policyVersion, List<Detail> details) {
    }

    /** A label (message key) and its value, already written in the reader's language. */
    record Detail(String label, String value) {
    }

    /** The return after event {@code upTo} (at {@code at}). */
    record AsOf(int upTo, int of, Instant at, String state, List<Line> lines, String currency, BigDecimal credit,
                String returnOrderNumber) {
    }

    record Line(int lineNo, String sku, int requested, int approved, int received, int credited) {
    }

    record History(List<Entry> entries, List<ReturnRequestEvent> payloads) {
        boolean isEmpty() {
            return entries.isEmpty();
        }
    }

    History read(String returnId) {
        var entries = new ArrayList<Entry>();
        var payloads = new ArrayList<ReturnRequestEvent>();
        // the return as it stood after each event: what a notification told the customer is written from it
        ReturnView view = null;
        var stream = events.readEvents(returnId);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (!(message.getPayload() instanceof ReturnRequestEvent event)) {
                continue;
            }
            view = ReturnViewFold.apply(view, event, message.getSequenceNumber());
            payloads.add(event);
            entries.add(new Entry(entries.size() + 1, message.getSequenceNumber(), message.getPayloadType()
                    .getSimpleName(), message.getTimestamp(), text(message.getMetaData().get(CommandDispatcher.USER_ID)),
                    text(message.getMetaData().get(CommandDispatcher.USER_ROLE)), policyVersion(event),
                    details(event, view)));
        }
        return new History(List.copyOf(entries), List.copyOf(payloads));
    }

    /** Folds the first {@code upTo} events (1-based, clamped) into the return's state at that moment. */
    AsOf asOf(History history, int upTo) {
        int n = Math.max(1, Math.min(upTo, history.payloads().size()));
        String state = null;
        String currency = null;
        String number = null;
        BigDecimal credit = null;
        Map<Integer, int[]> quantities = new LinkedHashMap<>();
        Map<Integer, String> skus = new LinkedHashMap<>();
        for (ReturnRequestEvent event : history.payloads().subList(0, n)) {
            if (event instanceof ReturnRequested e) {
                state = "REQUESTED";
                currency = e.currency().getCurrencyCode();
                for (ReturnLine line : e.lines()) {
                    skus.put(line.lineNo(), line.sku().value());
                    quantities.computeIfAbsent(line.lineNo(), k -> new int[4])[0] = line.quantity().value();
                }
            } else if (event instanceof ReturnApproved e) {
                state = "APPROVED";
                for (LineQuantity line : e.lines()) {
                    quantities.computeIfAbsent(line.lineNo(), k -> new int[4])[1] = line.quantity().value();
                }
            } else if (event instanceof ReturnOrderIssued e) {
                number = e.returnOrderNumber();
            } else if (event instanceof ReturnRejected) {
                state = "REJECTED";
            } else if (event instanceof ReturnCancelled) {
                state = "CANCELLED";
            } else if (event instanceof ReturnExpired) {
                state = "EXPIRED";
            } else if (event instanceof ReturnReceived e) {
                state = "RECEIVED";
                for (ReceivedLine line : e.lines()) {
                    quantities.computeIfAbsent(line.lineNo(), k -> new int[4])[2] = line.received().value();
                }
            } else if (event instanceof ReturnInspected e) {
                state = "INSPECTED";
                for (InspectedLine line : e.lines()) {
                    quantities.computeIfAbsent(line.lineNo(), k -> new int[4])[3] = line.credited().value();
                }
            } else if (event instanceof SettlementProposed) {
                state = ReturnState.SETTLEMENT_PENDING.name();
            } else if (event instanceof SettlementDeclined e) {
                state = e.returnedTo().name();
            } else if (event instanceof ReturnSettled e) {
                state = "SETTLED";
                credit = e.credit().amount();
            }
        }
        var lines = quantities.entrySet().stream().map(q -> new Line(q.getKey(), skus.get(q.getKey()),
                q.getValue()[0], q.getValue()[1], q.getValue()[2], q.getValue()[3])).toList();
        return new AsOf(n, history.payloads().size(), history.entries().get(n - 1).at(), state, lines, currency,
                credit, number);
    }

    private static Integer policyVersion(ReturnRequestEvent event) {
        if (event instanceof ReturnRequested e) {
            return e.assessment().policyVersion();
        } else if (event instanceof ReturnApproved e) {
            return e.policyVersion();
        } else if (event instanceof ReturnRejected e) {
            return e.policyVersion();
        } else if (event instanceof ReturnOrderIssued e) {
            return e.policyVersion();
        } else if (event instanceof ReturnSettled e) {
            return e.policyVersion();
        } else if (event instanceof SettlementProposed e) {
            return e.policyVersion();
        }
        return null;
    }

    private List<Detail> details(ReturnRequestEvent event, ReturnView view) {
        var details = new ArrayList<Detail>();
        if (event instanceof ReturnRequested e) {
            details.add(new Detail("field.order", e.orderId().value()));
            details.add(new Detail("field.customer", e.customer().name() + " (" + e.customer().id().value() + ")"));
            details.add(new Detail("field.lines", e.lines().stream().map(line -> line.lineNo() + ": "
                    + line.sku().value() + " × " + line.quantity().value()).collect(Collectors.joining("; "))));
            details.add(new Detail("field.reason", label("reason." + e.reason().name())));
            details.add(new Detail("field.value", money(e.assessment().requestValue())));
            details.add(new Detail("field.autoApproved", yesNo(e.assessment().autoApproved())));
        } else if (event instanceof ReturnApproved e) {
            details.add(new Detail("field.automatic", yesNo(e.automatic())));
            details.add(new Detail("field.lines", e.lines().stream().map(line -> line.lineNo() + ": "
                    + line.quantity().value()).collect(Collectors.joining("; "))));
            if (e.automatic()) {
                // the policy's own words, stored in English, said again in the reader's language
                if (e.windowOverrideReason() != null) {
                    details.add(new Detail("field.windowOverrideReason",
                            message("timeline.autoApprovedOutsideWindow", e.policyVersion())));
                }
                details.add(new Detail("field.comment", message("timeline.autoApproved", e.policyVersion())));
            } else {
                optional(details, "field.windowOverrideReason", e.windowOverrideReason());
                optional(details, "field.comment", e.comment());
            }
        } else if (event instanceof ReturnRejected e) {
            optional(details, "field.reasonText", e.reason());
        } else if (event instanceof ReturnCancelled e) {
            optional(details, "field.reasonText", e.reason());
        } else if (event instanceof ReturnExpired e) {
            details.add(new Detail("field.receiptDeadline", fmt.dateTime(e.receiptDeadline())));
        } else if (event instanceof ReturnOrderIssued e) {
            details.add(new Detail("field.returnOrder", e.returnOrderNumber()));
            details.add(new Detail("field.receiptDeadline", fmt.dateTime(e.receiptDeadline())));
            details.add(new Detail("field.keepItem", yesNo(e.keepItem())));
        } else if (event instanceof ReturnReceived e) {
            details.add(new Detail("field.lines", e.lines().stream()
                    .map(line -> line.lineNo() + ": " + line.received().value() + " "
                            + label("discrepancy." + line.discrepancy().name())
                            + (line.note() == null || line.note().isBlank() ? "" : " — " + line.note()))
                    .collect(Collectors.joining("; "))));
        } else if (event instanceof ReturnInspected e) {
            details.add(new Detail("field.lines", e.lines().stream()
                    .map(line -> messages.getMessage("timeline.inspectedLine", new Object[]{line.lineNo(),
                            line.restocked().value(), line.scrapped().value(), line.repair().value(),
                            line.returnedToVendor().value(), line.refused().value()}, LocaleContextHolder.getLocale()))
                    .collect(Collectors.joining("; "))));
        } else if (event instanceof ReturnSettled e) {
            details.add(new Detail("field.method", label("method." + e.method().name())));
            details.add(new Detail("field.goodsValue", money(e.goodsValue())));
            details.add(new Detail("field.restockingFee", money(e.restockingFee())));
            details.add(new Detail("field.credit", money(e.credit())));
        } else if (event instanceof SettlementProposed e) {
            details.add(new Detail("field.method", label("method." + e.method().name())));
            details.add(new Detail("field.credit", money(e.credit())));
            details.add(new Detail("detail.payout", money(e.payout())));
        } else if (event instanceof SettlementDeclined e) {
            details.add(new Detail("detail.proposedBy", e.proposedBy().value()));
            details.add(new Detail("field.reasonText", e.reason()));
            details.add(new Detail("detail.returnedTo", label("state." + e.returnedTo().name())));
        } else if (event instanceof CustomerNotificationRequested e) {
            details.add(new Detail("field.topic", label("topic." + e.topic().name())));
            details.add(new Detail("field.message", texts.notification(e.topic(), e.returnOrderNumber(), view)));
        } else if (event instanceof FeedbackGiven e) {
            details.add(new Detail("field.rating", e.rating() + " / 5"));
            optional(details, "field.comment", e.comment());
        }
        return details;
    }

    private static void optional(List<Detail> details, String label, String value) {
        if (value != null && !value.isBlank()) {
            details.add(new Detail(label, value));
        }
    }

    private String money(Money money) {
        return money == null ? "—" : fmt.money(money.amount(), money.currency().getCurrencyCode());
    }

    private String yesNo(boolean value) {
        return label(value ? "common.yes" : "common.no");
    }

    private String label(String key) {
        return messages.getMessage(key, null, LocaleContextHolder.getLocale());
    }

    private String message(String key, Object... arguments) {
        return messages.getMessage(key, arguments, LocaleContextHolder.getLocale());
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
