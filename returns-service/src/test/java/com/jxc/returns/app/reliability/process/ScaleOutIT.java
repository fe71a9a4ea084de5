package com.jxc.returns.app.reliability.process;

import com.jxc.returns.app.process.ChildApp;
import com.jxc.returns.app.process.ChildApps;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceHttp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scaled-out topology on one real PostgreSQL: two {@code command} instances and two {@code query} instances
 * (query-1 hosts the shared embedded read-model store). Commands for the same returns go to both command instances
 * at once: each acknowledged command is stored exactly once and each true conflict (two approvals of one return) is
 * answered 409 by one of them. Under load one command instance is killed with {@code kill -9}: nothing it
 * acknowledged is lost and the other goes on. At the end the read models equal their rebuild.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class ScaleOutIT {

    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration CATCH_UP = Duration.ofSeconds(180);
    private static final int RACED_RETURNS = 12;
    private static final int LOAD_CLIENTS = 4;
    private static final int KILL_AFTER = 40;
    private static final int LOAD_AFTER_KILL = 30;

    private record Ack(String returnId, String eventType) {
    }

    @RegisterExtension
    final ChildApps children = new ChildApps();

    private final List<Ack> acknowledged = new CopyOnWriteArrayList<>();

    @Test
    void twoCommandAndTwoQueryInstancesStoreEachAcknowledgedCommandOnceAndSurviveAKill() throws Exception {
        Instant began = Instant.now();
        Path work = ChildApp.workDir("scale-out");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(work.resolve("postgres"))
                .setCleanDataDirectory(true).start()) {
            List<String> eventStore = List.of(
                    "--returns.eventstore.url=jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
                    "--returns.eventstore.username=postgres", "--returns.eventstore.password=postgres");
            int mongoPort = ChildApp.freePort();
            String sharedReadStore = "--returns.mongodb.uri=mongodb://127.0.0.1:" + mongoPort + "/returns";

            ChildApp query1 = start("query-1", work, eventStore, "--spring.profiles.active=query",
                    "--returns.mongodb.embedded-port=" + mongoPort).awaitHealthy(START);
            ChildApp command1 = start("command-1", work, eventStore, "--spring.profiles.active=command",
                    sharedReadStore);
            ChildApp command2 = start("command-2", work, eventStore, "--spring.profiles.active=command",
                    sharedReadStore);
            ChildApp query2 = start("query-2", work, eventStore, "--spring.profiles.active=query", sharedReadStore);
            for (ChildApp app : List.of(command1, command2, query2)) {
                app.awaitHealthy(START);
            }
            System.out.printf("[scale-out] four instances up after %d s%n",
                    Duration.between(began, Instant.now()).toSeconds());

            raceApprovalsOnBothCommandInstances(command1.http(), command2.http(), query1.http());
            loadBothAndKillOne(command1, command2);

            EventStoreContents store;
            try (var connection = postgres.getPostgresDatabase().getConnection()) {
                store = EventStoreContents.fromJdbc(connection);
            }
            for (Ack ack : acknowledged) {
                assertThat(store.count(ack.returnId(), ack.eventType()))
                        .as("%s of %s, acknowledged", ack.eventType(), ack.returnId()).isEqualTo(1);
            }
            Invariants.assertNoHalfAppliedCommand(store);
            System.out.printf("[scale-out] %d acknowledged commands, each stored exactly once%n", acknowledged.size());

            Set<String> returns = acknowledged.stream().map(Ack::returnId).collect(Collectors.toSet());
            for (ChildApp query : List.of(query1, query2)) {
                await("every acknowledged return on " + query.name()).atMost(CATCH_UP).untilAsserted(() -> {
                    for (String returnId : returns) {
                        assertThat(query.http().get("/api/returns/" + returnId, "auditor").status())
                                .as("%s on %s", returnId, query.name()).isEqualTo(200);
                    }
                });
            }

            // rebuilt on the instance that holds every segment once query-2 has left
            query2.stop(Duration.ofSeconds(60));
            try (var mongo = Invariants.mongo(mongoPort)) {
                Map<String, Integer> sizes = Invariants.assertReadModelsEqualRebuild(query1.http(),
                        mongo.getDatabase("returns"), CATCH_UP);
                System.out.printf("[scale-out] read models equal their rebuild: %s (%d s in all)%n", sizes,
                        Duration.between(began, Instant.now()).toSeconds());
            }
        }
    }

    /** Each return approved at both command instances at the same moment: one 200, one 409, one stored approval. */
    private void raceApprovalsOnBothCommandInstances(ServiceHttp a, ServiceHttp b, ServiceHttp query)
            throws Exception {
        List<String> returns = new ArrayList<>();
        for (int i = 0; i < RACED_RETURNS; i++) {
            returns.add(submit(i % 2 == 0 ? a : b, "RACE"));
        }
        for (String returnId : returns) {
            await().atMost(CATCH_UP).until(() -> query.get("/api/returns/" + returnId, "auditor").status() == 200);
            assertThat(query.get("/api/returns/" + returnId, "auditor").json().path("state").asText())
                    .as("%s waits for review", returnId).isEqualTo("REQUESTED");
        }
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            for (String returnId : returns) {
                CountDownLatch go = new CountDownLatch(1);
                Future<ServiceHttp.Response> viaA = both.submit(() -> {
                    go.await();
                    return a.post("/api/returns/" + returnId + "/approve", "reviewer", "{}");
                });
                Future<ServiceHttp.Response> viaB = both.submit(() -> {
                    go.await();
                    return b.post("/api/returns/" + returnId + "/approve", "reviewer", "{}");
                });
                go.countDown();
                ServiceHttp.Response first = viaA.get(60, TimeUnit.SECONDS);
                ServiceHttp.Response second = viaB.get(60, TimeUnit.SECONDS);
                assertThat(List.of(first.status(), second.status()))
                        .as("approve %s at both instances: %s / %s", returnId, first, second)
                        .containsExactlyInAnyOrder(200, 409);
                ServiceHttp.Response refused = first.status() == 409 ? first : second;
                assertThat(refused.isProblem()).as("%s", refused).isTrue();
                acknowledged.add(new Ack(returnId, "ReturnApproved"));
            }
        } finally {
            both.shutdownNow();
        }
        System.out.printf("[scale-out] %d returns approved at both instances at once: one 200 and one 409 each%n",
                returns.size());
    }

    /**
     * Clients submit returns to both command instances; after {@value #KILL_AFTER} acknowledged submissions
     * command-2 is killed with {@code kill -9} and the clients go on against command-1 alone.
     */
    private void loadBothAndKillOne(ChildApp command1, ChildApp command2) throws Exception {
        AtomicInteger submitted = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger afterKill = new AtomicInteger();
        AtomicInteger failedOnTheKilled = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(LOAD_CLIENTS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < LOAD_CLIENTS; client++) {
                int id = client;
                running.add(clients.submit(() -> {
                    int n = 0;
                    while (afterKill.get() < LOAD_AFTER_KILL) {
                        boolean toSecond = !killed.get() && (id + n++) % 2 == 1;
                        ChildApp target = toSecond ? command2 : command1;
                        try {
                            submit(target.http(), "LOAD");
                            if (killed.get() && !toSecond) {
                                afterKill.incrementAndGet();
                            } else if (submitted.incrementAndGet() == KILL_AFTER && killed.compareAndSet(false, true)) {
                                command2.killHard();
                            }
                        } catch (RuntimeException | AssertionError e) {
                            // a request to the instance being killed: not acknowledged, so nothing is promised
                            if (toSecond) {
                                failedOnTheKilled.incrementAndGet();
                            } else {
                                throw e;
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get(5, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(command2.isAlive()).isFalse();
        System.out.printf("[scale-out] command-2 killed after %d acknowledged submissions; %d requests to it went "
                + "unanswered; %d more acknowledged by command-1%n", KILL_AFTER, failedOnTheKilled.get(),
                afterKill.get());
    }

    /** An order and a return that waits for review, on {@code via}; acknowledged returns are remembered. */
    private String submit(ServiceHttp via, String tag) {
        String orderId = "SO-" + tag + "-" + UUID.randomUUID().toString().substring(0, 8);
        via.post("/api/sales-orders", "integration", Orders.salesOrder(orderId, 3)).expect("order", 201);
        String returnId = via.post("/api/returns", "cs", Orders.returnOf(orderId, 2)).expect("return", 201)
                .createdId();
        acknowledged.add(new Ack(returnId, "ReturnRequested"));
        return returnId;
    }

    private ChildApp start(String name, Path work, List<String> eventStore, String... more) {
        var args = new ArrayList<>(eventStore);
        args.add("--returns.data-dir=" + work.resolve("data-" + name));
        args.addAll(List.of(more));
        return children.start(name, work.resolve(name + ".log"), args);
    }
}
