package com.jxc.returns.app.reliability.process;

import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.RandomLifecycles;
import com.jxc.returns.app.testing.ServiceChecks;
import com.fasterxml.jackson.databind.JsonNode;
import com.jxc.returns.app.readmodels.ReadModelSnapshot;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.Document;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The invariants every process-level reliability scenario ends with, checked against a running child. */
final class Invariants {

    private Invariants() {
    }

    /** Every acknowledged command has its event in the store. */
    static void assertAcknowledgedStored(EventStoreContents store, Collection<RandomLifecycles.Ack> acks) {
        List<RandomLifecycles.Ack> missing = acks.stream()
                .filter(ack -> !store.has(ack.aggregateId(), ack.eventType())).toList();
        assertThat(missing).as("acknowledged commands without their event (of %d acknowledged)", acks.size())
                .isEmpty();
    }

    static void assertNoHalfAppliedCommand(EventStoreContents store) {
        assertThat(store.halfAppliedCommands()).as("commands stored in part").isEmpty();
    }

    /** The whole store through the service's export (works on any event store, with the service running). */
    static EventStoreContents export(ServiceHttp api) throws Exception {
        var export = api.get("/api/admin/export", "admin", "application/x-ndjson");
        assertThat(export.status()).as("export: %s", export.status()).isEqualTo(200);
        return EventStoreContents.fromExport(export.body());
    }

    static List<JsonNode> readModels(ServiceHttp api) throws Exception {
        var response = api.get("/api/admin/read-models", "admin");
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        List<JsonNode> statuses = new ArrayList<>();
        response.json().forEach(statuses::add);
        return statuses;
    }

    /** Every read model running, not replaying, at the head, without dead letters. */
    static void awaitCaughtUp(ServiceHttp api, Duration timeout) {
        AtomicReference<String> last = new AtomicReference<>("");
        try {
            await("read models caught up").atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
                List<JsonNode> statuses = readModels(api);
                last.set(statuses.toString());
                return !statuses.isEmpty() && statuses.stream().allMatch(s -> s.path("running").asBoolean()
                        && !s.path("replaying").asBoolean() && !s.path("error").asBoolean()
                        && s.path("lag").asLong() == 0 && s.path("deadLetters").asLong() == 0
                        && (s.path("rebuild").isMissingNode() || s.path("rebuild").isNull()
                        || s.path("rebuild").path("finished").asBoolean()));
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("read models did not catch up: " + last.get(), e);
        }
        ServiceChecks.awaitCaughtUp(api);
    }

    static MongoClient mongo(int port) {
        return MongoClients.create("mongodb://127.0.0.1:" + port);
    }

    /** Every read-model collection, documents by _id, without bookkeeping (see {@link ReadModelSnapshot}). */
    static Map<String, List<Document>> snapshot(MongoDatabase database) {
        return ReadModelSnapshot.of(database);
    }

    /**
     * Snapshots the live read models, checks each of their documents can be read by its {@code _id}, rebuilds every
     * read model from the events through the admin API and compares: a read model the crashes left wrong (an event
     * lost or applied twice) differs from its rebuild.
     */
    static Map<String, Integer> assertReadModelsEqualRebuild(ServiceHttp api, MongoDatabase database, Duration timeout)
            throws Exception {
        awaitCaughtUp(api, timeout);
        Map<String, List<Document>> live = snapshot(database);
        assertEveryDocumentFoundByItsId(database, live.keySet());
        Instant started = Instant.now();
        for (JsonNode status : readModels(api)) {
            String name = status.path("name").asText();
            var rebuild = api.post("/api/admin/read-models/" + name + "/rebuild", "admin", "");
            assertThat(rebuild.status()).as("rebuild %s: %s", name, rebuild).isIn(200, 202);
        }
        awaitCaughtUp(api, timeout);
        Map<String, List<Document>> rebuilt = snapshot(database);
        System.out.printf("[invariants] rebuilt every read model in %d ms%n",
                Duration.between(started, Instant.now()).toMillis());
        assertThat(rebuilt.keySet()).as("read-model collections").isEqualTo(live.keySet());
        Map<String, Integer> sizes = new TreeMap<>();
        live.forEach((collection, documents) -> {
            assertThat(rebuilt.get(collection)).as("read model %s after a rebuild", collection).isEqualTo(documents);
            sizes.put(collection, documents.size());
        });
        return sizes;
    }

    /**
     * Every document a collection scan sees is also found by its {@code _id}, as the service reads it: a store that
     * kept a document and lost its index entry answers the scan (and so the snapshots) but not the lookup.
     */
    static void assertEveryDocumentFoundByItsId(MongoDatabase database, Collection<String> collections) {
        List<String> lost = new ArrayList<>();
        for (String collection : collections) {
            var documents = database.getCollection(collection);
            for (Document document : documents.find().projection(new Document("_id", 1))) {
                if (documents.find(new Document("_id", document.get("_id"))).first() == null) {
                    lost.add(collection + "/" + document.get("_id"));
                }
            }
        }
        assertThat(lost).as("documents a scan finds but a read by _id does not").isEmpty();
    }

    /** Debits equal credits per currency; the return settlement clearing account nets to zero. */
    static void assertLedgerBalanced(ServiceHttp api) throws Exception {
        var response = api.get("/api/ledger/trial-balance", "finance");
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode balance = response.json();
        assertThat(balance.path("totals").size()).as("trial balance totals: %s", balance).isPositive();
        balance.path("totals").forEach(total -> {
            assertThat(total.path("balanced").asBoolean()).as("balanced: %s", total).isTrue();
            assertThat(total.path("debit").decimalValue()).as("debit = credit: %s", total)
                    .isEqualByComparingTo(total.path("credit").decimalValue());
        });
        balance.path("accounts").forEach(account -> {
            if (account.path("account").asText().equals("2241")) {
                assertThat(account.path("balance").decimalValue()).as("clearing account: %s", account)
                        .isEqualByComparingTo(BigDecimal.ZERO);
            }
        });
    }

    /** The stock-levels read model equals a recount of the units from the events. */
    static void assertStockConserved(ServiceHttp api, EventStoreContents store) throws Exception {
        var response = api.get("/api/stock-levels", "warehouse");
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        Map<String, long[]> actual = new TreeMap<>();
        response.json().path("levels").forEach(level -> actual.put(level.path("warehouse").asText() + "|"
                + level.path("sku").asText(), new long[]{level.path("available").asLong(),
                level.path("inInspection").asLong(), level.path("scrap").asLong(), level.path("repair").asLong(),
                level.path("returnToVendor").asLong()}));
        Map<String, long[]> expected = store.stockRecount();
        assertThat(actual.keySet()).as("stock keys").isEqualTo(expected.keySet());
        expected.forEach((key, buckets) -> assertThat(actual.get(key)).as("stock %s", key).containsExactly(buckets));
    }

    /** The tamper-evidence check passes; once the sealer has caught up, nothing is left unsealed. */
    static JsonNode assertAuditVerifies(ServiceHttp api, Duration timeout) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            await("audit verify, all sealed").atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(() -> {
                var response = api.get("/api/audit/verify", "auditor");
                assertThat(response.status()).as("%s", response).isEqualTo(200);
                last.set(response.json());
                assertThat(last.get().path("verified").asBoolean()).as("verify: %s", last.get()).isTrue();
                return last.get().path("unsealedEvents").asLong() == 0;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("events stayed unsealed: " + last.get(), e);
        }
        return last.get();
    }
}
