package com.jxc.returns.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.api.query.FindReturnAsOfQuery;
import com.jxc.returns.api.query.FindReturnHistoryQuery;
import com.jxc.returns.api.query.ReturnHistory;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * A return's timeline as the detail page shows it, from the audit queries on the query bus: every event of the
 * return ({@code FindReturnHistoryQuery}) with who did it, in which role, when and under which policy version, each
 * described in the reader's language from its stored payload; and the return as it stood right after any one of
 * them ({@code FindReturnAsOfQuery} bounded by the event's sequence number: two events may share an instant).
 */
@Profile("!command")
@Component
class ReturnTimeline {

    private final QueryGateway queries;
    private final MessageSource messages;
    private final ConsoleFormat fmt;
    private final ConsoleTexts texts;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    ReturnTimeline(QueryGateway queries, MessageSource messages, ConsoleFormat fmt, ConsoleTexts texts) {
        this.queries = queries;
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

    /** The return right after event {@code upTo} of {@code of} (stored at {@code at}). */
    record AsOf(int upTo, int of, Instant at, String state, List<Line> lines, String currency, BigDecimal credit,
                String returnOrderNumber) {
    }

    record Line(int lineNo, String sku, int requested, int approved, int received, int credited) {
    }

    record Timeline(List<Entry> entries) {
        boolean isEmpty() {
            return entries.isEmpty();
        }
    }

    /** The return's own events (the order's reservations for it are the order's story, not shown here). */
    Timeline read(String returnId) {
        var id = new ReturnRequestId(returnId);
        Optional<ReturnHistory> history = queries.query(new FindReturnHistoryQuery(id),
                ResponseTypes.optionalInstanceOf(ReturnHistory.class)).join();
        List<ReturnHistory.Entry> own = history.map(h -> h.events().stream()
                .filter(event -> returnId.equals(event.aggregateId())).toList()).orElse(List.of());
        // what a notification told the customer is written from the return's decisions; each is taken once, so the
        // return after all its events tells it as the return right after the notification did
        ReturnView stored = own.stream().anyMatch(event -> "CustomerNotificationRequested".equals(event.type()))
                ? returnAfter(id, own.get(own.size() - 1).sequenceNumber()).orElse(null) : null;
        var entries = new ArrayList<Entry>();
        for (ReturnHistory.Entry event : own) {
            entries.add(new Entry(entries.size() + 1, event.sequenceNumber(), event.type(), event.timestamp(),
                    event.userId(), event.userRole(), event.policyVersion(),
                    details(event.type(), payload(event.payload()), stored)));
        }
        return new Timeline(List.copyOf(entries));
    }

    /** The return right after its {@code upTo}-th event (1-based, clamped to the timeline). */
    AsOf asOf(String returnId, Timeline timeline, int upTo) {
        int n = Math.max(1, Math.min(upTo, timeline.entries().size()));
        Entry event = timeline.entries().get(n - 1);
        ReturnView view = returnAfter(new ReturnRequestId(returnId), event.sequence()).orElse(null);
        if (view == null) {
            return new AsOf(n, timeline.entries().size(), event.at(), null, List.of(), null, null, null);
        }
        return new AsOf(n, timeline.entries().size(), event.at(), view.state(),
                view.lines().stream().map(line -> new Line(line.lineNo(), line.sku(), line.requested(),
                        line.approved(), line.received(), line.credited())).toList(),
                view.request() == null ? null : view.request().currency(),
                view.settlement() == null ? null : view.settlement().credit(),
                view.returnOrder() == null ? null : view.returnOrder().number());
    }

    private Optional<ReturnView> returnAfter(ReturnRequestId id, long sequence) {
        return queries.query(FindReturnAsOfQuery.afterEvent(id, sequence),
                ResponseTypes.optionalInstanceOf(ReturnView.class)).join();
    }

    private JsonNode payload(String payload) {
        try {
            return json.readTree(payload == null ? "{}" : payload);
        } catch (JsonProcessingException e) {
            return json.createObjectNode();
        }
    }

    private List<Detail> details(String type, JsonNode e, ReturnView stored) {
        var details = new ArrayList<Detail>();
        switch (type) {
            case "ReturnRequested" -> {
                details.add(new Detail("field.order", text(e, "orderId")));
                JsonNode customer = e.path("customer");
                details.add(new Detail("field.customer", text(customer, "name") + " (" + text(customer, "id") + ")"));
                details.add(new Detail("field.lines", lines(e, line -> text(line, "lineNo") + ": "
                        + text(line, "sku") + " × " + text(line, "quantity"))));
                details.add(new Detail("field.reason", label("reason." + text(e, "reason"))));
                details.add(new Detail("field.value", money(e.path("assessment").path("requestValue"))));
                details.add(new Detail("field.autoApproved", yesNo(e.path("assessment").path("autoApproved")
                        .asBoolean())));
            }
            case "ReturnApproved" -> {
                boolean automatic = e.path("automatic").asBoolean();
                details.add(new Detail("field.automatic", yesNo(automatic)));
                details.add(new Detail("field.lines", lines(e, line -> text(line, "lineNo") + ": "
                        + text(line, "quantity"))));
                if (automatic) {
                    // the policy's own words, stored in English, said again in the reader's language
                    int policyVersion = e.path("policyVersion").asInt();
                    if (text(e, "windowOverrideReason") != null) {
                        details.add(new Detail("field.windowOverrideReason",
                                message("timeline.autoApprovedOutsideWindow", policyVersion)));
                    }
                    details.add(new Detail("field.comment", message("timeline.autoApproved", policyVersion)));
                } else {
                    optional(details, "field.windowOverrideReason", text(e, "windowOverrideReason"));
                    optional(details, "field.comment", text(e, "comment"));
                }
            }
            case "ReturnRejected", "ReturnCancelled" -> optional(details, "field.reasonText", text(e, "reason"));
            case "ReturnExpired" -> details.add(new Detail("field.receiptDeadline", dateTime(e, "receiptDeadline")));
            case "ReturnOrderIssued" -> {
                details.add(new Detail("field.returnOrder", text(e, "returnOrderNumber")));
                details.add(new Detail("field.receiptDeadline", dateTime(e, "receiptDeadline")));
                details.add(new Detail("field.keepItem", yesNo(e.path("keepItem").asBoolean())));
            }
            case "ReturnReceived" -> details.add(new Detail("field.lines", lines(e, line -> {
                String note = text(line, "note");
                return text(line, "lineNo") + ": " + text(line, "received") + " "
                        + label("discrepancy." + text(line, "discrepancy"))
                        + (note == null || note.isBlank() ? "" : " — " + note);
            })));
            case "ReturnInspected" -> details.add(new Detail("field.lines", lines(e, line -> message(
                    "timeline.inspectedLine", line.path("lineNo").asInt(), line.path("restocked").asInt(),
                    line.path("scrapped").asInt(), line.path("repair").asInt(),
                    line.path("returnedToVendor").asInt(), line.path("refused").asInt()))));
            case "ReturnSettled" -> {
                details.add(new Detail("field.method", label("method." + text(e, "method"))));
                details.add(new Detail("field.goodsValue", money(e.path("goodsValue"))));
                details.add(new Detail("field.restockingFee", money(e.path("restockingFee"))));
                details.add(new Detail("field.credit", money(e.path("credit"))));
            }
            case "SettlementProposed" -> {
                details.add(new Detail("field.method", label("method." + text(e, "method"))));
                details.add(new Detail("field.credit", money(e.path("credit"))));
                details.add(new Detail("detail.payout", money(e.path("payout"))));
            }
            case "SettlementDeclined" -> {
                details.add(new Detail("detail.proposedBy", text(e, "proposedBy")));
                details.add(new Detail("field.reasonText", text(e, "reason")));
                details.add(new Detail("detail.returnedTo", label("state." + text(e, "returnedTo"))));
            }
            case "CustomerNotificationRequested" -> {
                details.add(new Detail("field.topic", label("topic." + text(e, "topic"))));
                details.add(new Detail("field.message", texts.notification(
                        NotificationTopic.valueOf(text(e, "topic")), text(e, "returnOrderNumber"), stored)));
            }
            case "FeedbackGiven" -> {
                details.add(new Detail("field.rating", text(e, "rating") + " / 5"));
                optional(details, "field.comment", text(e, "comment"));
            }
            default -> {
            }
        }
        return details;
    }

    private static String lines(JsonNode event, Function<JsonNode, String> line) {
        return StreamSupport.stream(event.path("lines").spliterator(), false).map(line)
                .collect(Collectors.joining("; "));
    }

    private static void optional(List<Detail> details, String label, String value) {
        if (value != null && !value.isBlank()) {
            details.add(new Detail(label, value));
        }
    }

    private String money(JsonNode money) {
        if (money.isMissingNode() || money.isNull()) {
            return "—";
        }
        JsonNode amount = money.path("amount");
        return fmt.money(amount.isNumber() ? amount.decimalValue() : new BigDecimal(amount.asText()),
                text(money, "currency"));
    }

    private String dateTime(JsonNode event, String field) {
        String value = text(event, field);
        return value == null ? "—" : fmt.dateTime(Instant.parse(value));
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

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
