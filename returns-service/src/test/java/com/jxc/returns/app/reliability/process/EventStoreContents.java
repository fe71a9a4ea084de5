package com.jxc.returns.app.reliability.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every stored event, read either straight from the event-store database (JDBC, with the service stopped or killed)
 * or from the service's export (JSON Lines), with the structural checks a crash must never break.
 */
final class EventStoreContents {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Event(long position, String aggregateId, long sequence, String type, JsonNode payload) {
    }

    /** Events that must be followed in the same stream by a customer notification: they are one command. */
    private static final Set<String> NOTIFIED = Set.of("ReturnApproved", "ReturnOrderIssued", "ReturnRejected",
            "ReturnCancelled", "ReturnReceived", "ReturnSettled", "ReturnExpired");

    private final List<Event> events;
    private final Map<String, List<Event>> byAggregate = new LinkedHashMap<>();

    private EventStoreContents(List<Event> events) {
        this.events = List.copyOf(events);
        for (Event event : events) {
            byAggregate.computeIfAbsent(event.aggregateId(), id -> new ArrayList<>()).add(event);
        }
        byAggregate.values().forEach(stream -> stream.sort(Comparator.comparingLong(Event::sequence)));
    }

    static EventStoreContents fromJdbc(Connection connection) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT globalIndex, aggregateIdentifier, sequenceNumber, "
                     + "payloadType, payload FROM DomainEventEntry ORDER BY globalIndex")) {
            while (rows.next()) {
                events.add(new Event(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getString(4),
                        parse(new String(rows.getBytes(5), StandardCharsets.UTF_8))));
            }
        }
        return new EventStoreContents(events);
    }

    static EventStoreContents fromExport(String jsonLines) {
        List<Event> events = new ArrayList<>();
        for (String line : jsonLines.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode event = parse(line);
            events.add(new Event(event.path("position").asLong(), event.path("aggregateId").asText(),
                    event.path("sequenceNumber").asLong(), event.path("type").asText(), event.path("payload")));
        }
        return new EventStoreContents(events);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    List<Event> events() {
        return events;
    }

    int size() {
        return events.size();
    }

    long count(String type) {
        return events.stream().filter(event -> event.type().equals(type)).count();
    }

    long count(String aggregateId, String type) {
        return byAggregate.getOrDefault(aggregateId, List.of()).stream().filter(e -> e.type().equals(type)).count();
    }

    boolean has(String aggregateId, String type) {
        return byAggregate.getOrDefault(aggregateId, List.of()).stream().anyMatch(e -> e.type().equals(type));
    }

    List<Event> stream(String aggregateId) {
        return byAggregate.getOrDefault(aggregateId, List.of());
    }

    Set<String> aggregatesWith(String type) {
        Set<String> ids = new HashSet<>();
        events.stream().filter(event -> event.type().equals(type)).forEach(event -> ids.add(event.aggregateId()));
        return ids;
    }

    /**
     * Everything that would show a command stored in part (or twice): a gap in an aggregate's sequence, a return
     * without the reservation on its order (or a reservation without its return), an approval without its return
     * order, a decision without its customer notification, units of a return released more often than reserved.
     */
    List<String> halfAppliedCommands() {
        List<String> problems = new ArrayList<>();
        byAggregate.forEach((id, stream) -> {
            for (int i = 0; i < stream.size(); i++) {
                if (stream.get(i).sequence() != i) {
                    problems.add(id + ": sequence " + stream.get(i).sequence() + " at place " + i);
                    return;
                }
            }
            for (int i = 0; i < stream.size(); i++) {
                String type = stream.get(i).type();
                if (NOTIFIED.contains(type) && !typeAt(stream, i + 1, "CustomerNotificationRequested")) {
                    problems.add(id + ": " + type + " at " + i + " without its customer notification");
                }
                if (type.equals("ReturnApproved") && !typeAt(stream, i + 2, "ReturnOrderIssued")) {
                    problems.add(id + ": ReturnApproved at " + i + " without its ReturnOrderIssued");
                }
                if (type.equals("ReturnOrderIssued") && !typeAt(stream, i - 2, "ReturnApproved")) {
                    problems.add(id + ": ReturnOrderIssued at " + i + " without its ReturnApproved");
                }
            }
        });
        Map<String, Integer> reservations = new HashMap<>();
        events.stream().filter(event -> event.type().equals("ReturnQuantityReserved"))
                .forEach(event -> reservations.merge(event.payload().path("returnId").asText(), 1, Integer::sum));
        Set<String> requested = aggregatesWith("ReturnRequested");
        for (String returnId : requested) {
            if (reservations.getOrDefault(returnId, 0) != 1) {
                problems.add(returnId + ": ReturnRequested with " + reservations.getOrDefault(returnId, 0)
                        + " reservations on its order");
            }
        }
        reservations.keySet().stream().filter(id -> !requested.contains(id))
                .forEach(id -> problems.add(id + ": units reserved for a return that was never requested"));
        // the reservation keeper may see an event again after a crash: it must never give a unit back twice
        Map<String, Long> held = new HashMap<>();
        for (Event event : events) {
            boolean reserved = event.type().equals("ReturnQuantityReserved");
            if (!reserved && !event.type().equals("ReturnQuantityReleased")) {
                continue;
            }
            String returnId = event.payload().path("returnId").asText();
            for (JsonNode line : event.payload().path("lines")) {
                String key = returnId + " line " + line.path("lineNo").asInt();
                long units = held.merge(key, reserved ? line.path("quantity").asLong()
                        : -line.path("quantity").asLong(), Long::sum);
                if (units < 0) {
                    problems.add(key + ": more units released than reserved (at position " + event.position() + ")");
                }
            }
        }
        return problems;
    }

    private static boolean typeAt(List<Event> stream, int index, String type) {
        return index >= 0 && index < stream.size() && stream.get(index).type().equals(type);
    }

    /**
     * Stock per {@code warehouse|sku} recounted from the events: available, in inspection, scrap, repair, return to
     * vendor (what the stock-levels read model must show).
     */
    Map<String, long[]> stockRecount() {
        Map<String, long[]> stock = new TreeMap<>();
        for (Event event : events) {
            JsonNode p = event.payload();
            String warehouse = p.path("warehouse").asText();
            switch (event.type()) {
                case "GoodsReceived" -> p.path("lines").forEach(l ->
                        bucket(stock, warehouse, l.path("sku").asText())[0] += l.path("quantity").asLong());
                case "SalesOrderRecorded" -> p.path("lines").forEach(l ->
                        bucket(stock, warehouse, l.path("sku").asText())[0] -= l.path("quantity").asLong());
                case "ReturnReceived" -> p.path("lines").forEach(l ->
                        bucket(stock, warehouse, l.path("receivedSku").asText())[1] += l.path("received").asLong());
                case "ReturnInspected" -> p.path("lines").forEach(l -> {
                    long[] b = bucket(stock, warehouse, l.path("sku").asText());
                    long restocked = l.path("restocked").asLong();
                    long scrapped = l.path("scrapped").asLong();
                    long repair = l.path("repair").asLong();
                    long vendor = l.path("returnedToVendor").asLong();
                    b[0] += restocked;
                    b[1] -= restocked + scrapped + repair + vendor + l.path("refused").asLong();
                    b[2] += scrapped;
                    b[3] += repair;
                    b[4] += vendor;
                });
                case "ReturnSettled" -> {
                    JsonNode exchange = p.path("exchange");
                    if (exchange.isObject()) {
                        bucket(stock, warehouse, exchange.path("sku").asText())[0] -=
                                exchange.path("quantity").asLong();
                    }
                }
                default -> {
                }
            }
        }
        return stock;
    }

    private static long[] bucket(Map<String, long[]> stock, String warehouse, String sku) {
        return stock.computeIfAbsent(warehouse + "|" + sku, key -> new long[5]);
    }
}
