package com.jxc.returns.app.reliability.process;

import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.RandomLifecycles;
import com.jxc.returns.app.testing.LifecycleDriver;
import com.fasterxml.jackson.databind.JsonNode;
import com.jxc.returns.app.process.ChildApp;
import com.jxc.returns.app.process.ChildApps;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two query-side instances (profile {@code query}) run the projections against one PostgreSQL event store and one
 * MongoDB (hosted by the command-side instance), with the {@code returns} processor in two segments: each instance
 * claims one; together they apply every event exactly once (one document per return, at the sequence number of its
 * last view-changing event; the read model equals a rebuild); and when one is killed with SIGKILL the other takes
 * its segment over within the claim timeout plus a margin, and returns submitted after the kill keep appearing.
 */
class QueryInstancesShareSegmentsIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);
    /** Detecting the dead instance's stale heartbeat and expired claims, then one claim interval (5 s), and slack. */
    private static final Duration TAKEOVER_BOUND = CLAIM_TIMEOUT.plusSeconds(
            Long.getLong("takeover.margin.seconds", 30));
    private static final String SEGMENTS = "--axon.eventhandling.processors.returns.initial-segment-count=2";

    @RegisterExtension
    final ChildApps children = new ChildApps();
    private EmbeddedPostgres postgres;

    @AfterEach
    void stopEverything() throws Exception {
        try {
            children.closeAll();
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void twoQueryInstancesSplitTheSegmentsAndTheSurvivorTakesOver() throws Exception {
        Instant began = Instant.now();
        Path work = ChildApp.workDir("query-instances");
        postgres = EmbeddedPostgres.builder().setDataDirectory(work.resolve("postgres")).setCleanDataDirectory(true)
                .start();
        List<String> eventStore = List.of(
                "--returns.eventstore.url=jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
                "--returns.eventstore.username=postgres", "--returns.eventstore.password=postgres",
                "--returns.tokens.claim-timeout=PT" + CLAIM_TIMEOUT.toSeconds() + "S", SEGMENTS);
        int mongoPort = ChildApp.freePort();

        var commandArgs = new ArrayList<>(eventStore);
        commandArgs.addAll(List.of("--spring.profiles.active=command", "--returns.data-dir=" + work.resolve("data-a"),
                "--returns.mongodb.embedded-port=" + mongoPort));
        ChildApp commandSide = launch("A-command", work, commandArgs).awaitHealthy(START_TIMEOUT);
        // B first: it claims both segments; C joins later and must get its share from B.
        ChildApp first = launch("B-query", work, queryArgs(eventStore, work, "b", mongoPort))
                .awaitHealthy(START_TIMEOUT);
        ChildApp second = launch("C-query", work, queryArgs(eventStore, work, "c", mongoPort))
                .awaitHealthy(START_TIMEOUT);
        System.out.printf("[instances] A, B and C healthy after %d ms%n", Duration.between(began, Instant.now())
                .toMillis());
        var a = commandSide.http();
        var b = first.http();
        var c = second.http();

        var lifecycles = new RandomLifecycles("QI");
        lifecycles.stockUp(new LifecycleDriver(a));
        AtomicBoolean dying = new AtomicBoolean();
        var load = lifecycles.start(new LifecycleDriver(a), 2, 7, dying);
        Instant balancing = Instant.now();
        AtomicReference<String> seen = new AtomicReference<>();
        await("each query instance claims one segment of returns").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .failFast("a query instance died", () -> !first.isAlive() || !second.isAlive())
                .until(() -> {
                    int onB = claimed(b);
                    int onC = claimed(c);
                    seen.set("B " + onB + ", C " + onC);
                    return onB == 1 && onC == 1;
                });
        long balancedAfter = Duration.between(balancing, Instant.now()).toMillis();
        System.out.printf("[instances] segments split (%s) %d ms after both were up%n", seen.get(), balancedAfter);
        int acks = lifecycles.acknowledged();
        await("load while split").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> lifecycles.acknowledged() - acks >= 40);
        load.stopAndWait();
        assertThat(lifecycles.serverErrors.get()).as("5xx answers").isZero();
        awaitReturnsCaughtUp(List.of(b, c), 2);
        assertThat(claimed(b)).as("B still holds one segment").isEqualTo(1);
        assertThat(claimed(c)).as("C still holds one segment").isEqualTo(1);
        try (MongoClient mongo = Invariants.mongo(mongoPort)) {
            int returns = assertOneDocumentPerReturnAtItsLastSequence(mongo.getDatabase("returns"));
            System.out.printf("[instances] split: %d returns, each applied exactly up to its last event%n", returns);
        }

        // Kill B under load: C must take B's segment over, and new returns keep appearing.
        var moreLoad = lifecycles.start(new LifecycleDriver(a), 2, 8, dying);
        await("load before the kill").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> lifecycles.acknowledged() - acks >= 60);
        int returnsBeforeKill = lifecycles.returnIds.size();
        Instant killedAt = Instant.now();
        assertThat(first.killHard()).as("B ended by SIGKILL").isEqualTo(137);
        await("C takes B's segment over").atMost(TAKEOVER_BOUND.plusSeconds(60)).pollInterval(Duration.ofMillis(250))
                .failFast("C died", () -> !second.isAlive())
                .until(() -> claimed(c) == 2);
        Duration takeover = Duration.between(killedAt, Instant.now());
        System.out.printf("[instances] C claimed both segments %d ms after B was killed (bound %d s)%n",
                takeover.toMillis(), TAKEOVER_BOUND.toSeconds());
        assertThat(takeover).as("takeover within claim timeout + margin").isLessThanOrEqualTo(TAKEOVER_BOUND);
        await("returns submitted after the kill").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> lifecycles.returnIds.size() - returnsBeforeKill >= 20);
        moreLoad.stopAndWait();
        List<String> afterKill = new ArrayList<>(lifecycles.returnIds).subList(returnsBeforeKill,
                lifecycles.returnIds.size());
        awaitReturnsCaughtUp(List.of(c), 2);
        for (String returnId : afterKill) {
            var view = c.get("/api/returns/" + returnId, "cs");
            assertThat(view.status()).as("return %s submitted after the kill, on C: %s", returnId, view)
                    .isEqualTo(200);
        }
        System.out.printf("[instances] %d returns submitted after the kill are all on C%n", afterKill.size());

        try (MongoClient mongo = Invariants.mongo(mongoPort)) {
            MongoDatabase database = mongo.getDatabase("returns");
            int returns = assertOneDocumentPerReturnAtItsLastSequence(database);
            List<Document> live = returnsCollection(database);
            Instant rebuildStart = Instant.now();
            var rebuild = c.post("/api/admin/read-models/returns/rebuild", "admin", "");
            assertThat(rebuild.status()).as("%s", rebuild).isIn(200, 202);
            await("rebuild on C").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode status = status(c);
                return status.path("rebuild").path("finished").asBoolean() && !status.path("replaying").asBoolean()
                        && status.path("lag").asLong() == 0;
            });
            assertThat(returnsCollection(database)).as("returns read model after a rebuild").isEqualTo(live);
            System.out.printf("[instances] %d returns equal their rebuild (%d ms); %d commands acknowledged; "
                            + "done in %d s%n", returns, Duration.between(rebuildStart, Instant.now()).toMillis(),
                    lifecycles.acknowledged(), Duration.between(began, Instant.now()).toSeconds());
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            EventStoreContents store = EventStoreContents.fromJdbc(connection);
            Invariants.assertAcknowledgedStored(store, lifecycles.acks);
            Invariants.assertNoHalfAppliedCommand(store);
        }
    }

    private List<String> queryArgs(List<String> eventStore, Path work, String name, int mongoPort) {
        var args = new ArrayList<>(eventStore);
        args.addAll(List.of("--spring.profiles.active=query", "--returns.data-dir=" + work.resolve("data-" + name),
                "--returns.mongodb.uri=mongodb://127.0.0.1:" + mongoPort + "/returns"));
        return args;
    }

    private ChildApp launch(String name, Path work, List<String> args) {
        return children.start(name, work.resolve(name + ".log"), args);
    }

    private static JsonNode status(ServiceHttp api) throws Exception {
        var response = api.get("/api/admin/read-models/returns", "admin");
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    private static int claimed(ServiceHttp api) throws Exception {
        return status(api).path("claimedSegments").asInt();
    }

    /** The instances together hold every segment, each at the head of the stream. */
    private static void awaitReturnsCaughtUp(List<ServiceHttp> instances, int segments) {
        AtomicReference<String> last = new AtomicReference<>();
        await("returns read model at the head").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    int claimed = 0;
                    boolean atHead = true;
                    List<String> seen = new ArrayList<>();
                    for (ServiceHttp api : instances) {
                        JsonNode status = status(api);
                        seen.add(status.toString());
                        claimed += status.path("claimedSegments").asInt();
                        atHead &= status.path("claimedSegments").asInt() == 0 || status.path("lag").asLong() == 0;
                    }
                    last.set(seen.toString());
                    return claimed == segments && atHead;
                });
    }

    /**
     * One document per ReturnRequested in the event store, each at the sequence number of the last event of its
     * stream: nothing missed, nothing applied out of order.
     */
    private int assertOneDocumentPerReturnAtItsLastSequence(MongoDatabase database) throws Exception {
        Map<String, Long> lastSequence = new HashMap<>();
        Set<String> returns;
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            EventStoreContents store = EventStoreContents.fromJdbc(connection);
            returns = store.aggregatesWith("ReturnRequested");
            for (String returnId : returns) {
                // every event of the return counts in the view's version (a customer notification too), so that
                // the version is the aggregate's and an If-Match built from it matches
                List<EventStoreContents.Event> stream = store.stream(returnId);
                lastSequence.put(returnId, stream.get(stream.size() - 1).sequence());
            }
        }
        Map<String, Long> versions = new HashMap<>();
        for (Document document : returnsCollection(database)) {
            versions.put(document.getString("_id"), ((Number) document.get("version")).longValue());
        }
        assertThat(versions).as("returns read model: one document per return at its last event")
                .isEqualTo(lastSequence);
        return returns.size();
    }

    private static List<Document> returnsCollection(MongoDatabase database) {
        List<Document> documents = new ArrayList<>();
        database.getCollection("returns").find().sort(new Document("_id", 1)).forEach(documents::add);
        return documents;
    }
}
