package com.jxc.returns.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.api.common.MetadataKeys;
import com.jxc.returns.api.query.EventVerification;
import com.jxc.returns.api.query.FindReturnHistoryQuery;
import com.jxc.returns.api.query.ReturnHistory;
import com.jxc.returns.audit.integrity.EventChainWatch;
import com.jxc.returns.platform.serialization.SerializationConfiguration;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A return's history straight from the event store (never from a read model): its own events, plus the events of
 * its order that reserved or released units for it, merged in commit order. Each event says whether it passes tamper
 * verification (its hash recomputed from the stored bytes, its aggregate's chain, the last check of the whole store),
 * and a history with an event that fails carries a warning.
 */
@Component
class ReturnHistoryQueryHandler {

    private static final Set<String> ORDER_EVENTS_FOR_A_RETURN = Set.of("ReturnQuantityReserved",
            "ReturnQuantityReleased");

    private final EventLog log;
    private final ObjectProvider<EventChainWatch> verification;
    private final ObjectMapper json = SerializationConfiguration.messageMapper();

    ReturnHistoryQueryHandler(EventLog log, ObjectProvider<EventChainWatch> verification) {
        this.log = log;
        this.verification = verification;
    }

    @QueryHandler
    Optional<ReturnHistory> handle(FindReturnHistoryQuery query) {
        String returnId = query.returnId().value();
        List<StoredEvent> own = log.aggregate(returnId);
        if (own.isEmpty()) {
            return Optional.empty();
        }
        var events = new ArrayList<StoredEvent>(own);
        String orderId = read(own.get(0).payload()).path("orderId").asText(null);
        if (orderId != null) {
            log.aggregate(orderId).stream()
                    .filter(event -> ORDER_EVENTS_FOR_A_RETURN.contains(event.payloadType()))
                    .filter(event -> returnId.equals(read(event.payload()).path("returnId").asText(null)))
                    .forEach(events::add);
        }
        events.sort(Comparator.comparingLong(StoredEvent::globalIndex));
        EventChainWatch watch = verification.getIfAvailable();
        EventVerification verified = watch == null ? null
                : watch.verify(orderId == null ? List.of(returnId) : List.of(returnId, orderId));
        List<ReturnHistory.Entry> entries = events.stream().map(event -> entry(event, verified == null ? null
                : !verified.fails(event.globalIndex()))).toList();
        return Optional.of(new ReturnHistory(returnId, orderId, entries, warning(returnId, entries, verified)));
    }

    /**
     * Names the events of the history that fail verification, and why, and the return's events that are no longer
     * stored; null when there is none.
     */
    private static String warning(String returnId, List<ReturnHistory.Entry> entries, EventVerification verified) {
        if (verified == null) {
            return null;
        }
        Set<Long> shown = entries.stream().map(ReturnHistory.Entry::position).collect(Collectors.toSet());
        List<String> failing = new ArrayList<>(entries.stream()
                .filter(entry -> Boolean.FALSE.equals(entry.verified()))
                .map(entry -> entry.type() + " at position " + entry.position() + " ("
                        + verified.brokenLinks().stream().filter(link -> link.globalIndex() == entry.position())
                        .map(link -> link.kind().name()).distinct().collect(Collectors.joining(", ")) + ")")
                .toList());
        verified.brokenLinks().stream()
                .filter(link -> returnId.equals(link.aggregateId()) && !shown.contains(link.globalIndex()))
                .forEach(link -> failing.add("sequence number " + link.sequenceNumber() + " at position "
                        + link.globalIndex() + ", no longer stored (" + link.kind() + ")"));
        return failing.isEmpty() ? null : failing.size() + " event(s) of this history fail tamper verification: "
                + String.join("; ", failing) + ". They may not be what was written; do not rely on them "
                + "(GET /api/audit/verify has the whole report).";
    }

    private ReturnHistory.Entry entry(StoredEvent event, Boolean verified) {
        JsonNode meta = read(event.metaData());
        JsonNode payload = read(event.payload());
        JsonNode policy = payload.has("policyVersion") ? payload.get("policyVersion")
                : payload.path("assessment").path("policyVersion");
        return new ReturnHistory.Entry(event.globalIndex(), event.eventIdentifier(), event.aggregateIdentifier(),
                event.sequenceNumber(), event.payloadType(), event.payloadRevision(),
                DateTimeUtils.parseInstant(event.timeStamp()), text(meta, MetadataKeys.USER_ID), text(meta, MetadataKeys.USER_ROLE),
                text(meta, MetadataKeys.CORRELATION_ID), text(meta, MetadataKeys.CAUSATION_ID),
                policy.isInt() ? policy.intValue() : null, event.payloadJson(), verified);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private JsonNode read(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("stored event is not JSON", e);
        }
    }
}
