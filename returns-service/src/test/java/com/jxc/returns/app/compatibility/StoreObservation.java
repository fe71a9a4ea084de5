package com.jxc.returns.app.compatibility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jxc.returns.app.testing.ServiceChecks;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.readmodels.ReadModelSnapshot;
import com.mongodb.client.MongoDatabase;
import org.awaitility.core.ConditionTimeoutException;
import com.jxc.returns.projection.support.DocumentMapper;
import org.bson.Document;
import org.bson.types.Decimal128;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the service answers about a store: every return's view, history and view as of each instant its history
 * names, and every read-model document. {@code StoreWrittenByPreviousReleaseTest} asks these questions about a store
 * written by an earlier release and compares with what the last Spring Boot 3.5 build answered about it.
 */
final class StoreObservation {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration CATCH_UP = Duration.ofSeconds(120);

    private StoreObservation() {
    }

    /** {@code {"returns": {id: {"view", "history", "asOf": {instant: view}}}, "readModels": {collection: [doc]}}}. */
    static ObjectNode observe(ServiceHttp http, MongoDatabase database) {
        ObjectNode observed = JSON.createObjectNode();
        ObjectNode returns = observed.putObject("returns");
        for (String returnId : returnIds(http)) {
            ObjectNode one = returns.putObject(returnId);
            one.set("view", ok(http.get("/api/returns/" + returnId, "admin")));
            JsonNode history = ok(http.get("/api/returns/" + returnId + "/history", "admin"));
            one.set("history", history);
            ObjectNode asOf = one.putObject("asOf");
            var instants = new TreeSet<String>();
            history.get("events").forEach(event -> instants.add(event.get("timestamp").asText()));
            for (String instant : instants) {
                // an instant of the order's reservation may come before the return existed: a 404 is an answer too
                var answer = http.get("/api/returns/" + returnId + "?asOf=" + instant, "admin");
                ObjectNode recorded = asOf.putObject(instant);
                recorded.put("status", answer.status());
                recorded.set("body", answer.json());
            }
        }
        observed.set("readModels", readModels(database));
        return observed;
    }

    /** Delivery bookkeeping of the webhook sender (on while the fixture was written, off in the test). */
    private static final Set<String> DELIVERY_BOOKKEEPING = Set.of("notification-delivery-markers");

    /**
     * Every read-model document in the string shapes the fixture's release stored (amounts as decimal strings,
     * instants as ISO-8601 strings): the typed documents of this release must hold exactly that information.
     */
    static JsonNode readModels(MongoDatabase database) {
        ObjectNode collections = JSON.createObjectNode();
        for (Map.Entry<String, List<Document>> collection : ReadModelSnapshot.of(database).entrySet()) {
            if (DELIVERY_BOOKKEEPING.contains(collection.getKey())) {
                continue;
            }
            var documents = collections.putArray(collection.getKey());
            collection.getValue().forEach(document -> documents.add(parse(inStringShapes(document).toJson())));
        }
        return collections;
    }

    /**
     * The epoch-millisecond copies of instants the string shapes kept for sorting and ranges, by collection: typed
     * documents sort and filter on the instants themselves.
     */
    private static final Map<String, Set<String>> SORT_COPIES = Map.of(
            "returns", Set.of("requestedAtMillis", "updatedAtMillis"),
            "ledger_entries", Set.of("occurredAtMillis"),
            "analytics_return_facts", Set.of("requestedAtMillis"),
            "notifications", Set.of("requestedAtMillis"));

    /** The read models a release of the string shapes stored, without the sort copies ({@link #SORT_COPIES}). */
    static JsonNode withoutSortCopies(JsonNode readModels) {
        JsonNode copy = readModels.deepCopy();
        SORT_COPIES.forEach((collection, fields) -> copy.path(collection)
                .forEach(document -> ((ObjectNode) document).remove(fields)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Document inStringShapes(Map<String, Object> typed) {
        var document = new Document();
        typed.forEach((name, value) -> {
            if (value instanceof Date date) {
                Object nanos = typed.get(name + DocumentMapper.NANOS_SUFFIX);
                Instant instant = date.toInstant();
                document.put(name, (nanos instanceof Number n ? instant.plusNanos(n.longValue()) : instant).toString());
            } else if (!(name.endsWith(DocumentMapper.NANOS_SUFFIX) && typed.get(name.substring(0,
                    name.length() - DocumentMapper.NANOS_SUFFIX.length())) instanceof Date)) {
                document.put(name, inStringShapes(value));
            }
        });
        return document;
    }

    @SuppressWarnings("unchecked")
    private static Object inStringShapes(Object value) {
        if (value instanceof Decimal128 decimal) {
            return decimal.bigDecimalValue().toString();
        }
        if (value instanceof Map<?, ?> map) {
            return inStringShapes((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(StoreObservation::inStringShapes).toList();
        }
        return value;
    }

    /** Every read model at the head of the stream, not replaying, nothing parked. */
    static void awaitCaughtUp(ServiceHttp http) {
        try {
            await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode statuses = http.get("/api/admin/read-models", "admin").json();
                boolean all = statuses.size() > 0;
                for (JsonNode status : statuses) {
                    all &= status.get("running").asBoolean() && !status.get("replaying").asBoolean()
                            && status.get("position").asLong() >= status.get("head").asLong()
                            && status.get("deadLetters").asLong() == 0;
                }
                return all;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("read models did not catch up: "
                    + http.get("/api/admin/read-models", "admin").body(), e);
        }
        ServiceChecks.awaitCaughtUp(http);
    }

    private static List<String> returnIds(ServiceHttp http) {
        var ids = new TreeSet<String>();
        JsonNode page = ok(http.get("/api/returns?size=100", "admin"));
        page.path("items").forEach(item -> ids.add(item.get("returnId").asText()));
        assertThat(ids).as(page.toString()).isNotEmpty();
        return List.copyOf(ids);
    }

    private static JsonNode ok(ServiceHttp.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
