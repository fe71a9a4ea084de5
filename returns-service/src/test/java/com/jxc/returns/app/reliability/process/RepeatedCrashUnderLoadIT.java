package com.jxc.returns.app.reliability.process;

import com.jxc.returns.app.testing.ServiceChecks;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.RandomLifecycles;
import com.jxc.returns.app.testing.LifecycleDriver;
import com.jxc.returns.app.process.ChildApp;
import com.jxc.returns.app.process.ChildApps;
import com.mongodb.client.MongoClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real jar on the embedded default (H2 file event store, embedded MongoDB) is killed with SIGKILL at a random
 * moment while several clients drive whole return lifecycles over HTTP, and restarted on the same data directory, three
 * times in a row ({@code -Dcrash.kills=N} for more). After each kill the H2 file, read directly, holds every
 * acknowledged command's event and no command in part; after the last restart every stored return answers
 * {@code GET /api/returns/{id}} with 200 and the view folded from its events, every read-model collection equals its
 * rebuild from the events document by document, the ledger balances, stock units equal a recount from the events and
 * the tamper-evidence check passes.
 */
class RepeatedCrashUnderLoadIT {

    private static final int CLIENTS = 4;
    private static final int KILLS = Integer.getInteger("crash.kills", 3);
    private static final int MIN_ACKS_PER_ROUND = 25;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration CATCH_UP = Duration.ofSeconds(180);

    @RegisterExtension
    final ChildApps children = new ChildApps();
    /** The embedded MongoDB's port of the latest start (a new free port each time). */
    private int mongoPort;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void acknowledgedLifecyclesSurviveRepeatedKillMinus9() throws Exception {
        Instant began = Instant.now();
        Path work = ChildApp.workDir("crash-load");
        Path data = work.resolve("data");
        var lifecycles = new RandomLifecycles("CR");

        ChildApp app = launch(work, data, 0).awaitHealthy(START_TIMEOUT);
        lifecycles.stockUp(new LifecycleDriver(app.http()));
        int storedBefore = 0;
        for (int round = 1; round <= KILLS; round++) {
            ServiceHttp api = app.http();
            AtomicBoolean dying = new AtomicBoolean();
            int acksBefore = lifecycles.acknowledged();
            var clients = lifecycles.start(new LifecycleDriver(api), CLIENTS, round, dying);
            Instant loadStart = Instant.now();
            Instant killAt = loadStart.plusMillis(2_000 + ThreadLocalRandom.current().nextInt(8_000));
            ChildApp running = app;
            await("random moment under load").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(10))
                    .failFast("service died under load", () -> !running.isAlive())
                    .until(() -> Instant.now().isAfter(killAt)
                            && lifecycles.acknowledged() - acksBefore >= MIN_ACKS_PER_ROUND);
            assertThat(app.shutdownLogged()).as("%s was stopped by someone else; log %s", app.name(), app.log())
                    .isFalse();
            dying.set(true);
            int exit = app.killHard();
            long loadMillis = Duration.between(loadStart, Instant.now()).toMillis();
            clients.stopAndWait();
            assertThat(exit).as("exit value of a JVM ended by SIGKILL").isEqualTo(137);
            assertThat(app.shutdownLogged()).as("no graceful shutdown ran").isFalse();

            // With the service dead, read the H2 file itself.
            EventStoreContents store;
            try (Connection connection = DriverManager.getConnection(h2Url(data), "sa", "")) {
                store = EventStoreContents.fromJdbc(connection);
            }
            var acks = List.copyOf(lifecycles.acks);
            System.out.printf("[crash] round %d: SIGKILL after %d ms of load; acknowledged %d commands in total "
                            + "(%d this round), %d lifecycles done; stored %d events (%d new), %d returns; "
                            + "refusals %s; transport errors %s%n",
                    round, loadMillis, acks.size(), acks.size() - acksBefore, lifecycles.lifecycles.get(),
                    store.size(), store.size() - storedBefore, store.count("ReturnRequested"), lifecycles.refusals,
                    lifecycles.transportErrors);
            storedBefore = store.size();
            var ackedReturns = acks.stream().filter(ack -> ack.command().equals("submit"))
                    .map(RandomLifecycles.Ack::aggregateId).collect(Collectors.toSet());
            long inFlight = store.aggregatesWith("ReturnRequested").stream().filter(id -> !ackedReturns.contains(id))
                    .count();
            System.out.printf("[crash] round %d: returns acknowledged %d, stored %d (stored but never "
                    + "acknowledged, in flight at a kill: %d)%n", round, ackedReturns.size(),
                    store.count("ReturnRequested"), inFlight);
            assertThat(inFlight).as("stored but unacknowledged submissions: at most one per client and kill")
                    .isLessThanOrEqualTo((long) CLIENTS * round);
            Invariants.assertAcknowledgedStored(store, acks);
            Invariants.assertNoHalfAppliedCommand(store);
            assertThat(lifecycles.serverErrors.get()).as("5xx answers while the service was up").isZero();

            app = launch(work, data, round).awaitHealthy(START_TIMEOUT);
        }

        // After the last restart: the read models, the ledger, stock and the audit chain.
        ServiceHttp api = app.http();
        Instant checks = Instant.now();
        EventStoreContents store = Invariants.export(api);
        Invariants.assertAcknowledgedStored(store, lifecycles.acks);
        Invariants.assertNoHalfAppliedCommand(store);
        Invariants.awaitCaughtUp(api, CATCH_UP);
        // read by _id, as a client does: a document the store kept but cannot find by its key answers 404 here,
        // while the collection scans of the rebuild comparison below would still see it
        var returnIds = store.aggregatesWith("ReturnRequested");
        assertThat(ServiceChecks.returnsNotAsTheirEvents(api, returnIds))
                .as("returns whose GET /api/returns/{id} is not 200 with the view folded from their events (of %d)",
                        returnIds.size()).isEmpty();
        System.out.printf("[crash] all %d returns answer GET /api/returns/{id} as their events say%n",
                returnIds.size());
        Invariants.assertStockConserved(api, store);
        Invariants.assertLedgerBalanced(api);
        var verified = Invariants.assertAuditVerifies(api, Duration.ofSeconds(90));
        try (MongoClient mongo = Invariants.mongo(mongoPort)) {
            var sizes = Invariants.assertReadModelsEqualRebuild(api, mongo.getDatabase("returns"), CATCH_UP);
            System.out.printf("[crash] read models equal their rebuild: %s%n", sizes);
        }
        Invariants.assertStockConserved(api, store);
        Invariants.assertLedgerBalanced(api);
        var returnsTotal = api.get("/api/returns?size=1", "cs").json().path("total").asLong();
        assertThat(returnsTotal).as("returns in the read model").isEqualTo(store.count("ReturnRequested"));
        System.out.printf("[crash] %d kills; %d acknowledged commands all stored (%d events, %d returns, %d lifecycles "
                        + "completed); audit %s; checks took %d ms; done in %d s%n", KILLS, lifecycles.acknowledged(),
                store.size(), store.count("ReturnRequested"), lifecycles.lifecycles.get(), verified,
                Duration.between(checks, Instant.now()).toMillis(), Duration.between(began, Instant.now()).toSeconds());
        assertThat(app.stop(Duration.ofSeconds(30))).as("graceful stop").isIn(0, 143);
    }

    private ChildApp launch(Path work, Path data, int restart) {
        mongoPort = ChildApp.freePort();
        return children.start("crash-" + restart, work.resolve("run-" + restart + ".log"),
                List.of("--returns.data-dir=" + data, "--returns.mongodb.embedded-port=" + mongoPort,
                        "--returns.integrity.gap-timeout=5s"));
    }

    private static String h2Url(Path data) {
        return "jdbc:h2:file:" + data.resolve("eventstore").resolve("events").toAbsolutePath();
    }
}
