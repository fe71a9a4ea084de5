package com.jxc.returns.app.process;

import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.Orders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Durability of acknowledged commands across {@code kill -9}: the real jar runs on the embedded default (H2 file
 * event store, embedded MongoDB) while several clients submit returns and record orders; at a random moment the JVM
 * is killed with SIGKILL. Every command that was answered 2xx must have its event in the H2 file, read directly with
 * the H2 driver, and the restarted service must come up healthy with a read model holding every acknowledged return.
 */
class KillNineDurabilityIT {

    private static final int CLIENTS = 4;
    private static final int SHARED_ORDERS = 6;
    private static final int UNITS_PER_ORDER = 100_000;
    private static final int MIN_ACKNOWLEDGED = 50;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    @RegisterExtension
    final ChildApps children = new ChildApps();

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void everyAcknowledgedCommandSurvivesKillMinus9() throws Exception {
        Instant began = Instant.now();
        Path work = ChildApp.workDir("kill9");
        Path data = work.resolve("data");
        List<String> args = List.of("--returns.data-dir=" + data, "--returns.mongodb.embedded-port=0");

        ChildApp first = children.start("kill9-first", work.resolve("first.log"), args).awaitHealthy(START_TIMEOUT);
        ServiceHttp api = first.http();

        Set<String> ackedOrders = ConcurrentHashMap.newKeySet();
        Set<String> attemptedOrders = ConcurrentHashMap.newKeySet();
        List<String> shared = new ArrayList<>();
        for (int i = 1; i <= SHARED_ORDERS; i++) {
            String orderId = "SO-K9-" + i;
            var response = api.post("/api/sales-orders", "integration", Orders.salesOrder(orderId, UNITS_PER_ORDER));
            assertThat(response.status()).as("recording %s: %s", orderId, response).isEqualTo(201);
            ackedOrders.add(orderId);
            attemptedOrders.add(orderId);
            shared.add(orderId);
        }

        Set<String> ackedReturns = ConcurrentHashMap.newKeySet();
        Map<Integer, AtomicInteger> refusals = new ConcurrentHashMap<>();
        AtomicInteger transportErrors = new AtomicInteger();
        Map<String, AtomicInteger> transportErrorKinds = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean killing = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                var random = ThreadLocalRandom.current();
                for (int n = 0; !stop.get(); n++) {
                    try {
                        if (n % 5 == 4) {
                            String orderId = "SO-K9-C" + client + "-" + n;
                            attemptedOrders.add(orderId);
                            var response = api.post("/api/sales-orders", "integration",
                                    Orders.salesOrder(orderId, 10));
                            if (response.is2xx()) {
                                ackedOrders.add(orderId);
                            } else {
                                refusals.computeIfAbsent(response.status(), s -> new AtomicInteger()).incrementAndGet();
                            }
                        } else {
                            String orderId = shared.get(random.nextInt(shared.size()));
                            var response = api.post("/api/returns", "cs", Orders.returnOf(orderId, 1));
                            if (response.is2xx()) {
                                ackedReturns.add(response.json().get("returnId").asText());
                            } else {
                                refusals.computeIfAbsent(response.status(), s -> new AtomicInteger()).incrementAndGet();
                            }
                        }
                    } catch (UncheckedIOException e) {
                        transportErrors.incrementAndGet();
                        transportErrorKinds.computeIfAbsent(describe(e.getCause()) + (killing.get() ? " (at kill)" : " (alive)"),
                                k -> new AtomicInteger()).incrementAndGet();
                        if (killing.get()) {
                            return;
                        }
                    }
                }
            }));
        }

        // A random moment: 3 to 12 s into the load, once at least MIN_ACKNOWLEDGED commands were answered.
        Instant loadStart = Instant.now();
        Instant killAt = loadStart.plusMillis(3_000 + ThreadLocalRandom.current().nextInt(9_000));
        System.out.printf("[kill9] load running with %d clients; SIGKILL %d ms into it%n", CLIENTS,
                Duration.between(loadStart, killAt).toMillis());
        await("random moment under load").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10))
                .failFast("service died under load", () -> !first.isAlive())
                .until(() -> Instant.now().isAfter(killAt)
                        && ackedReturns.size() + ackedOrders.size() - SHARED_ORDERS >= MIN_ACKNOWLEDGED);
        Instant loadEnd = Instant.now();
        assertThat(first.shutdownLogged()).as("%s was stopped by someone else (SIGTERM) before the test's SIGKILL; "
                + "log %s", first.name(), first.log()).isFalse();
        killing.set(true);
        int exit = first.killHard();
        stop.set(true);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).as("clients stopped").isTrue();
        for (Future<?> future : running) {
            future.get();
        }
        assertThat(exit).as("exit value of a JVM ended by SIGKILL (128 + 9)").isEqualTo(137);
        assertThat(first.shutdownLogged()).as("no graceful shutdown ran: the JVM died without flushing anything")
                .isFalse();

        System.out.printf("[kill9] load ran %d ms before SIGKILL (%.1f acknowledged commands/s)%n",
                Duration.between(loadStart, loadEnd).toMillis(),
                (ackedReturns.size() + ackedOrders.size() - SHARED_ORDERS) * 1000.0
                        / Math.max(1, Duration.between(loadStart, loadEnd).toMillis()));

        // Read the event store file directly, with the service dead.
        Map<String, Set<String>> stored = storedEvents(data);
        Set<String> storedReturns = stored.getOrDefault("ReturnRequested", Set.of());
        Set<String> storedOrders = stored.getOrDefault("SalesOrderRecorded", Set.of());
        Set<String> inFlightReturns = new HashSet<>(storedReturns);
        inFlightReturns.removeAll(ackedReturns);
        Set<String> inFlightOrders = new HashSet<>(storedOrders);
        inFlightOrders.removeAll(ackedOrders);
        System.out.printf("[kill9] returns: acknowledged %d, stored %d, stored but not acknowledged (in flight) %d%n",
                ackedReturns.size(), storedReturns.size(), inFlightReturns.size());
        System.out.printf("[kill9] orders: acknowledged %d, attempted %d, stored %d, in flight but stored %d%n",
                ackedOrders.size(), attemptedOrders.size(), storedOrders.size(), inFlightOrders.size());
        System.out.printf("[kill9] refusals by status %s, transport errors %d, reservations stored %d%n",
                refusals, transportErrors.get(), countOf(data, "ReturnQuantityReserved"));
        System.out.printf("[kill9] transport errors by kind %s%n", transportErrorKinds);

        assertThat(storedReturns).as("every acknowledged return has its ReturnRequested event")
                .containsAll(ackedReturns);
        assertThat(storedOrders).as("every acknowledged order has its SalesOrderRecorded event")
                .containsAll(ackedOrders);
        assertThat(attemptedOrders).as("only orders that were sent are stored").containsAll(storedOrders);
        assertThat(inFlightReturns.size() + inFlightOrders.size())
                .as("unacknowledged but stored commands: at most one in flight per client")
                .isLessThanOrEqualTo(CLIENTS);
        assertThat(countOf(data, "ReturnQuantityReserved"))
                .as("each stored return reserved its units in the same transaction")
                .isEqualTo(storedReturns.size());

        // Restart on the same data directory: healthy, read model catches up with every stored return.
        ChildApp second = children.start("kill9-restart", work.resolve("restart.log"), args).awaitHealthy(START_TIMEOUT);
        ServiceHttp restarted = second.http();
        Instant restartedAt = Instant.now();
        // the worklist's total comes from the in-memory index, the details from the returns documents: both must
        // converge on every acknowledged return
        await("read models caught up").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .failFast("restarted service died", () -> !second.isAlive())
                .untilAsserted(() -> {
                    var page = restarted.get("/api/returns?state=REQUESTED&size=1", "cs");
                    assertThat(page.status()).as("%s", page).isEqualTo(200);
                    assertThat(page.json().get("total").asLong()).isEqualTo(storedReturns.size());
                    for (String returnId : ackedReturns) {
                        var view = restarted.get("/api/returns/" + returnId, "cs");
                        assertThat(view.status()).as("return %s after restart: %s", returnId, view).isEqualTo(200);
                        assertThat(view.json().get("state").asText()).isEqualTo("REQUESTED");
                    }
                });
        System.out.printf("[kill9] read models caught up with %d returns %d ms after the restart was healthy%n",
                storedReturns.size(), Duration.between(restartedAt, Instant.now()).toMillis());
        assertThat(second.shutdownLogged()).as("%s was stopped by someone else (SIGTERM); log %s",
                second.name(), second.log()).isFalse();
        var after = restarted.post("/api/returns", "cs", Orders.returnOf(shared.get(0), 1));
        assertThat(after.status()).as("a new return after the restart: %s", after).isEqualTo(201);
        assertThat(second.stop(Duration.ofSeconds(30))).as("graceful stop of the restarted service").isIn(0, 143);
        System.out.printf("[kill9] done in %d s%n", Duration.between(began, Instant.now()).toSeconds());
    }

    private static String describe(Throwable e) {
        StringBuilder kinds = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            kinds.append(kinds.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName())
                    .append(t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        return kinds.toString();
    }

    private static String h2Url(Path data) {
        return "jdbc:h2:file:" + data.resolve("eventstore").resolve("events").toAbsolutePath();
    }

    /** Aggregate identifiers per payload type, straight from the H2 file. */
    private static Map<String, Set<String>> storedEvents(Path data) throws SQLException {
        Map<String, Set<String>> byType = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(h2Url(data), "sa", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT payloadType, aggregateIdentifier FROM DomainEventEntry ORDER BY globalIndex")) {
            while (rows.next()) {
                byType.computeIfAbsent(rows.getString(1), t -> new HashSet<>()).add(rows.getString(2));
            }
        }
        return byType;
    }

    private static long countOf(Path data, String payloadType) throws SQLException {
        try (Connection connection = DriverManager.getConnection(h2Url(data), "sa", "");
             var statement = connection.prepareStatement(
                     "SELECT COUNT(*) FROM DomainEventEntry WHERE payloadType = ?")) {
            statement.setString(1, payloadType);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
