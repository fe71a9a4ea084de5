package com.jxc.returns.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.api.query.FindReturnHistoryQuery;
import com.jxc.returns.api.query.ReturnHistory;
import com.jxc.returns.app.serialization.SerializationConfiguration;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A return's history straight from the event store (never from a read model): its own events, plus the events of
 * its order that reserved or released units for it, merged in commit order.
 */
@Component
class ReturnHistoryQueryHandler {

    private static final Set<String> ORDER_EVENTS_FOR_A_RETURN = Set.of("ReturnQuantityReserved",
            "ReturnQuantityReleased");

    private final EventLog log;
    private final ObjectMapper json = SerializationConfiguration.messageMapper();

    ReturnHistoryQueryHandler(EventLog log) {
        this.log = log;
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
        return Optional.of(new ReturnHistory(returnId, orderId, events.stream().map(this::entry).toList()));
    }

    private ReturnHistory.Entry entry(StoredEvent event) {
        JsonNode meta = read(event.metaData());
        JsonNode payload = read(event.payload());
        JsonNode policy = payload.has("policyVersion") ? payload.get("policyVersion")
                : payload.path("assessment").path("policyVersion");
        return new ReturnHistory.Entry(event.globalIndex(), event.eventIdentifier(), event.aggregateIdentifier(),
                event.sequenceNumber(), event.payloadType(), event.payloadRevision(),
                DateTimeUtils.parseInstant(event.timeStamp()), text(meta, "userId"), text(meta, "userRole"),
                text(meta, "correlationId"), text(meta, "causationId"),
                policy.isInt() ? policy.intValue() : null, event.payloadJson());
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
