package com.jxc.returns.app.readmodels;

import com.jxc.returns.app.testing.RandomLifecycles;
import com.jxc.returns.app.testing.ServiceChecks;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.api.purchasing.GoodsReceived;
import com.jxc.returns.api.returnrequest.ReturnInspected;
import com.jxc.returns.api.returnrequest.ReturnReceived;
import com.jxc.returns.api.returnrequest.ReturnSettled;
import com.jxc.returns.api.salesorder.SalesOrderRecorded;
import com.jxc.returns.projection.support.ReadModels;
import com.jxc.returns.query.admin.ReadModelAdministration;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.common.stream.BlockingStream;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A random mix of lifecycles; then every read model is dropped and rebuilt from the event stream through the admin
 * API, one by one and all in one pass, and must come out equal to what the live projections built. Stock units are
 * recounted from the events.
 */
@ServiceTest
@ExtendWith(OutputCaptureExtension.class)
class ReadModelRebuildTest extends ServiceOverHttp {

    private static final Duration CATCH_UP = Duration.ofSeconds(90);

    @Autowired
    ReadModelAdministration administration;
    @Autowired
    MongoDatabase database;
    @Autowired
    EventStore eventStore;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void rebuiltReadModelsEqualTheLiveOnesAndStockUnitsAreConserved() {
        var lifecycles = new RandomLifecycles("RB");
        lifecycles.stockUp(lifecycle);
        lifecycles.runOneAfterAnother(lifecycle, 60, 20261128L);
        awaitCaughtUp();
        Map<String, List<Document>> live = snapshot();
        assertThat(live.get("returns")).hasSizeGreaterThanOrEqualTo(60);
        assertThat(live.get("stock_levels")).isNotEmpty();

        List<String> readModels = administration.statuses().stream().map(ReadModelAdministration.Status::name)
                .toList();
        assertThat(readModels).contains(ReadModels.RETURNS, ReadModels.STOCK_LEVELS, ReadModels.POLICY_VERSIONS);
        for (String readModel : readModels) {
            String body = http.post("/api/admin/read-models/" + readModel + "/rebuild", "admin", null)
                    .ok("rebuild " + readModel).body();
            assertThat(body).contains("\"name\":\"" + readModel + "\"");
            assertNotFinishedBeforeItReachedItsHead(readJson(body));
        }
        awaitCaughtUp();
        for (ReadModelAdministration.Status status : administration.statuses()) {
            ReadModelAdministration.Rebuild rebuild = status.rebuild();
            assertThat(rebuild.finished()).as("%s", status).isTrue();
            assertThat(rebuild.eventsDone()).isEqualTo(rebuild.eventsTotal());
            assertThat(rebuild.finishedAt()).isAfterOrEqualTo(rebuild.startedAt());
        }
        Map<String, List<Document>> rebuilt = snapshot();

        assertThat(rebuilt.keySet()).isEqualTo(live.keySet());
        live.forEach((collection, documents) ->
                assertThat(rebuilt.get(collection)).as(collection).isEqualTo(documents));
        assertStockEqualsRecountFromEvents();
    }

    /**
     * The rebuild of every read model at once goes through the stream in one pass, then hands each read model to its
     * own processor: equal to the live read models, and equal again to separate rebuilds after more returns.
     */
    @Test
    void everyReadModelRebuiltInOnePassEqualsTheLiveOnesAndItsProcessorsGoOn(CapturedOutput output) {
        var lifecycles = new RandomLifecycles("OP");
        lifecycles.stockUp(lifecycle);
        lifecycles.runOneAfterAnother(lifecycle, 40, 20261206L);
        awaitCaughtUp();
        Map<String, List<Document>> live = snapshot();

        JsonNode accepted = readJson(http.post("/api/admin/read-models/rebuild", "admin", null)
                .ok("rebuild every read model").body());

        assertThat(accepted).hasSize(ReadModels.ALL.size());
        accepted.forEach(status -> {
            assertThat(status.path("rebuild").path("inOnePass").asBoolean()).as("%s", status).isTrue();
            assertNotFinishedBeforeItReachedItsHead(status);
        });
        awaitCaughtUp();
        assertThat(administration.statuses()).allSatisfy(status -> {
            assertThat(status.rebuild().finished()).as("%s", status).isTrue();
            assertThat(status.rebuild().inOnePass()).isTrue();
        });
        assertThat(output.getAll()).containsPattern("Rebuilt \\[returns, stock-levels, [a-z, -]+] in one pass");
        Map<String, List<Document>> rebuilt = snapshot();
        live.forEach((collection, documents) ->
                assertThat(rebuilt.get(collection)).as(collection).isEqualTo(documents));

        lifecycles.runOneAfterAnother(lifecycle, 10, 20261207L);
        awaitCaughtUp();
        Map<String, List<Document>> followedOn = snapshot();
        for (String readModel : ReadModels.ALL) {
            http.post("/api/admin/read-models/" + readModel + "/rebuild", "admin", null).ok("rebuild " + readModel);
        }
        awaitCaughtUp();
        Map<String, List<Document>> rebuiltSeparately = snapshot();
        followedOn.forEach((collection, documents) ->
                assertThat(rebuiltSeparately.get(collection)).as(collection).isEqualTo(documents));
        assertStockEqualsRecountFromEvents();
    }

    /**
     * Asked right after the 202, the processor has usually not even claimed its segment: a rebuild may only say it
     * finished once its processor holds the stream and has reached the head taken when it started.
     */
    private static void assertNotFinishedBeforeItReachedItsHead(JsonNode status) {
        JsonNode rebuild = status.get("rebuild");
        assertThat(rebuild.get("eventsTotal").asLong()).as("%s", status).isPositive();
        if (rebuild.get("finished").asBoolean()) {
            assertThat(status.get("claimedSegments").asInt()).as("%s", status).isPositive();
            assertThat(status.get("position").asLong()).as("%s", status)
                    .isGreaterThanOrEqualTo(rebuild.get("eventsTotal").asLong() - 1);
        } else {
            assertThat(status.get("replaying").asBoolean()).as("%s", status).isTrue();
            assertThat(rebuild.has("finishedAt")).as("%s", status).isFalse();
        }
    }

    private void assertStockEqualsRecountFromEvents() {
        Map<String, long[]> expected = new TreeMap<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (stream.hasNextAvailable()) {
                Object payload = stream.nextAvailable().getPayload();
                if (payload instanceof GoodsReceived e) {
                    e.lines().forEach(l -> bucket(expected, e.warehouse().value(), l.sku().value())[0] +=
                            l.quantity().value());
                } else if (payload instanceof SalesOrderRecorded e) {
                    e.lines().forEach(l -> bucket(expected, e.warehouse().value(), l.sku().value())[0] -=
                            l.quantity().value());
                } else if (payload instanceof ReturnReceived e) {
                    e.lines().forEach(l -> bucket(expected, e.warehouse().value(), l.receivedSku().value())[1] +=
                            l.received().value());
                } else if (payload instanceof ReturnInspected e) {
                    e.lines().forEach(l -> {
                        long[] b = bucket(expected, e.warehouse().value(), l.sku().value());
                        b[0] += l.restocked().value();
                        b[1] -= l.total().value();
                        b[2] += l.scrapped().value();
                        b[3] += l.repair().value();
                        b[4] += l.returnedToVendor().value();
                    });
                } else if (payload instanceof ReturnSettled e && e.exchange() != null) {
                    bucket(expected, e.warehouse().value(), e.exchange().sku().value())[0] -=
                            e.exchange().quantity().value();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        JsonNode levels = http.get("/api/stock-levels", "admin").ok("stock levels").json().path("levels");
        Map<String, long[]> actual = new TreeMap<>();
        levels.forEach(level -> actual.put(level.path("warehouse").asText() + "|" + level.path("sku").asText(),
                new long[]{level.path("available").asLong(), level.path("inInspection").asLong(),
                        level.path("scrap").asLong(), level.path("repair").asLong(),
                        level.path("returnToVendor").asLong()}));
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, buckets) -> assertThat(actual.get(key)).as(key).containsExactly(buckets));
    }

    private static long[] bucket(Map<String, long[]> buckets, String warehouse, String sku) {
        return buckets.computeIfAbsent(warehouse + "|" + sku, k -> new long[5]);
    }

    private void awaitCaughtUp() {
        try {
            await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(200))
                    .until(() -> administration.statuses().stream()
                            .allMatch(status -> status.running() && !status.replaying() && status.lag() == 0
                                    && status.deadLetters() == 0));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("read models did not catch up: " + administration.statuses(), e);
        }
        ServiceChecks.awaitCaughtUp(http);
    }

    private Map<String, List<Document>> snapshot() {
        return ReadModelSnapshot.of(database);
    }

    private JsonNode readJson(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
