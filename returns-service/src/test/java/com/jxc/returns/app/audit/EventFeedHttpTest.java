package com.jxc.returns.app.audit;

import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer pages through the global event stream with small pages while several writers submit returns at the
 * same time (racing on shared orders, so that some transactions roll back and leave gaps): it must see every stored
 * event exactly once, in increasing position order.
 */
@ServiceTest(properties = {
        "returns.events.gap-timeout=3s"})
class EventFeedHttpTest extends ServiceOverHttp {

    private static final int WRITERS = 4;
    private static final int RETURNS_PER_WRITER = 12;

    @Autowired
    JdbcTemplate jdbc;

    private final List<JsonNode> seen = new ArrayList<>();
    private long next = -1;

    @Test
    void aConsumerReadingWhileCommandsAreWrittenSeesEveryEventOnceInOrder() throws Exception {
        for (int order = 0; order < 2; order++) {
            assertThat(lifecycle.recordOrder(Orders.salesOrder("SO-FEED-" + order, 1000)).status()).isEqualTo(201);
        }
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        var statuses = new ConcurrentLinkedQueue<Integer>();
        List<Future<?>> work = new ArrayList<>();
        for (int writer = 0; writer < WRITERS; writer++) {
            work.add(writers.submit(() -> {
                for (int i = 0; i < RETURNS_PER_WRITER; i++) {
                    statuses.add(lifecycle.submit(Orders.returnOf("SO-FEED-" + (i % 2), 1)).status());
                }
            }));
        }
        int pagesWhileWriting = 0;
        while (!work.stream().allMatch(Future::isDone)) {
            readPage(http, 7);
            pagesWhileWriting++;
        }
        writers.shutdown();
        assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (Future<?> future : work) {
            future.get();
        }

        long stored = jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            readPage(http, 5);
            return seen.size() >= stored && !readPage(http, 5);
        });

        List<Long> positions = seen.stream().map(item -> item.get("position").asLong()).toList();
        for (int i = 1; i < positions.size(); i++) {
            assertThat(positions.get(i)).as("position after " + positions.get(i - 1)).isGreaterThan(positions.get(i - 1));
        }
        List<String> ids = seen.stream().map(item -> item.get("eventId").asText()).toList();
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
        List<String> storedIds = jdbc.queryForList("SELECT eventIdentifier FROM DomainEventEntry ORDER BY globalIndex",
                String.class);
        assertThat(ids).isEqualTo(storedIds);
        long maxPosition = jdbc.queryForObject("SELECT MAX(globalIndex) FROM DomainEventEntry", Long.class);
        long gaps = maxPosition + 1 - storedIds.size();
        assertThat(statuses).contains(201);
        System.out.printf("FEED: %d events read in %d pages while writing (and more after), %d returns accepted, "
                        + "%d refused, %d gaps in the positions%n", ids.size(), pagesWhileWriting,
                statuses.stream().filter(s -> s == 201).count(), statuses.stream().filter(s -> s != 201).count(),
                gaps);

        var requested = http.get("/api/events?type=ReturnRequested&limit=1000", "auditor").json();
        assertThat(requested.get("items")).hasSize((int) statuses.stream().filter(s -> s == 201).count());
        requested.get("items").forEach(item -> assertThat(item.get("type").asText()).isEqualTo("ReturnRequested"));
        JsonNode first = http.get("/api/events?limit=1", "integration").json();
        assertThat(first.at("/items/0/position").asLong()).isZero();
        assertThat(first.at("/items/0/metaData/userId").asText()).isEqualTo("system:policy-bootstrap");
        assertThat(first.get("next").asLong()).isZero();
        System.out.println("FEED EXAMPLE " + http.get("/api/events?after=0&limit=2", "auditor").body());
        assertThat(http.get("/api/events?limit=0", "auditor").status()).isEqualTo(400);
        assertThat(http.get("/api/events", "cs").status()).isEqualTo(403);
    }

    @Autowired
    DataSource dataSource;

    /**
     * A transaction that took a position but has not committed yet holds the feed back at the gap; once it commits,
     * its event comes next. A gap left by a rolled-back transaction is passed once it is older than the gap timeout.
     */
    @Test
    void theFeedWaitsAtAGapUntilTheTransactionBehindItCommitsOrTimesOut() throws Exception {
        assertThat(lifecycle.recordOrder(Orders.salesOrder("SO-GAP-0", 5)).status()).isEqualTo(201);
        readAll(http);
        byte[] payload = jdbc.queryForObject("SELECT payload FROM DomainEventEntry WHERE aggregateIdentifier = ?",
                byte[].class, "SO-GAP-0");

        try (Connection held = dataSource.getConnection()) {
            held.setAutoCommit(false);
            insertOrder(held, "SO-GAP-HELD", payload);
            assertThat(lifecycle.recordOrder(Orders.salesOrder("SO-GAP-1", 5)).status()).isEqualTo(201);
            long afterGap = position("SO-GAP-1");
            List<JsonNode> whileOpen = readAll(http);
            assertThat(whileOpen).isEmpty();
            assertThat(next).isLessThan(afterGap - 1);
            held.commit();
        }
        List<String> afterCommit = readAll(http).stream().map(item -> item.get("aggregateId").asText()).toList();
        assertThat(afterCommit).containsExactly("SO-GAP-HELD", "SO-GAP-1");

        long rolledBack;
        try (Connection lost = dataSource.getConnection()) {
            lost.setAutoCommit(false);
            insertOrder(lost, "SO-GAP-LOST", payload);
            assertThat(lifecycle.recordOrder(Orders.salesOrder("SO-GAP-2", 5)).status()).isEqualTo(201);
            rolledBack = position("SO-GAP-2") - 1;
            lost.rollback();
        }
        assertThat(readAll(http)).isEmpty();
        var late = new ArrayList<JsonNode>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            late.addAll(readAll(http));
            return !late.isEmpty();
        });
        assertThat(late).extracting(item -> item.get("aggregateId").asText()).containsExactly("SO-GAP-2");
        assertThat(late.get(0).get("position").asLong()).isEqualTo(rolledBack + 1);
    }

    private void insertOrder(Connection connection, String orderId, byte[] payloadOfAnotherOrder) throws Exception {
        String payload = new String(payloadOfAnotherOrder, StandardCharsets.UTF_8).replace("SO-GAP-0", orderId);
        try (var insert = connection.prepareStatement("INSERT INTO DomainEventEntry (eventIdentifier, type, "
                + "aggregateIdentifier, sequenceNumber, timeStamp, payloadType, payloadRevision, metaData, payload) "
                + "VALUES (?, 'SalesOrder', ?, 0, ?, 'SalesOrderRecorded', '1', ?, ?)")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, orderId);
            insert.setString(3, Instant.now().toString());
            insert.setBytes(4, "{\"userId\":\"integration\",\"userRole\":\"INTEGRATION\"}"
                    .getBytes(StandardCharsets.UTF_8));
            insert.setBytes(5, payload.getBytes(StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
    }

    private long position(String aggregateId) {
        return jdbc.queryForObject("SELECT globalIndex FROM DomainEventEntry WHERE aggregateIdentifier = ?",
                Long.class, aggregateId);
    }

    /** Reads pages until the feed says it is complete for now; returns what was new. */
    private List<JsonNode> readAll(ServiceHttp http) {
        int before = seen.size();
        while (true) {
            var response = http.get("/api/events?after=" + next + "&limit=50", "auditor");
            JsonNode page = response.json();
            page.get("items").forEach(seen::add);
            next = page.get("next").asLong();
            if (page.get("complete").asBoolean()) {
                return new ArrayList<>(seen.subList(before, seen.size()));
            }
        }
    }

    /** Reads one page from where the consumer stopped; true if it held anything. */
    private boolean readPage(ServiceHttp http, int limit) {
        var response = http.get("/api/events?after=" + next + "&limit=" + limit, "auditor");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode page = response.json();
        page.get("items").forEach(seen::add);
        next = page.get("next").asLong();
        return !page.get("items").isEmpty();
    }
}
