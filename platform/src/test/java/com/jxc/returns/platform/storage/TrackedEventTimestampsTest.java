package com.jxc.returns.platform.storage;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine reads each event's timestamp once, in its own way, and decides the tracking token's gaps with it, in a
 * copy of Axon's code: what it reads must be exactly what Axon's engine reads from the same rows.
 */
class TrackedEventTimestampsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final Clock axonClock = GenericEventMessage.clock;
    private GroupCommitEventStorageEngine ours;
    private JdbcEventStorageEngine axons;

    @BeforeEach
    void storeWithGaps() throws Exception {
        GenericEventMessage.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        dataSource.setURL("jdbc:h2:mem:timestamps-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("RUNSCRIPT FROM 'classpath:db/event-store/h2/V1.1__event_store.sql'");
        }
        ours = new GroupCommitEventStorageEngine(builder(), dataSource, 8);
        axons = builder().build();
    }

    @AfterEach
    void restore() throws Exception {
        GenericEventMessage.clock = axonClock;
        ours.close();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    private JdbcEventStorageEngine.Builder builder() {
        var serializer = JacksonSerializer.defaultSerializer();
        return JdbcEventStorageEngine.builder()
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .schema(EventStoreConfiguration.EVENT_SCHEMA)
                .batchSize(37);
    }

    @Test
    void eventsTokensAndGapsAreAxonsForTimestampsOfEveryShapeOldAndRecent() throws Exception {
        var random = new Random(11);
        List<Long> missing = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO DomainEventEntry (globalIndex, aggregateIdentifier, sequenceNumber, type, "
                        + "eventIdentifier, metaData, payload, payloadType, timeStamp) VALUES (?,?,?,?,?,?,?,?,?)")) {
            for (long index = 0; index < 1_500; index++) {
                // old events first, then a stretch of recent ones, each part with missing positions
                boolean recent = index >= 1_000;
                if (random.nextInt(recent ? 12 : 20) == 0) {
                    missing.add(index);
                    continue;
                }
                Instant at = recent ? NOW.minusNanos(random.nextLong(50_000_000_000L))
                        : NOW.minus(1, ChronoUnit.DAYS).minusNanos(random.nextLong(86_400_000_000_000L));
                insert.setLong(1, index);
                insert.setString(2, "return-" + index / 7);
                insert.setLong(3, index % 7);
                insert.setString(4, "ReturnRequest");
                insert.setString(5, "event-" + index);
                insert.setBytes(6, "{\"traceId\":\"t\"}".getBytes(StandardCharsets.UTF_8));
                insert.setBytes(7, ("\"payload " + index + "\"").getBytes(StandardCharsets.UTF_8));
                insert.setString(8, String.class.getName());
                insert.setString(9, shaped(at, random));
                insert.addBatch();
            }
            insert.executeBatch();
        }

        List<TrackedEventMessage<?>> axonsRead = readAll(axons, null);
        List<TrackedEventMessage<?>> oursRead = readAll(ours, null);

        assertThat(oursRead).hasSize(1_500 - missing.size());
        assertSameEvents(oursRead, axonsRead);
        assertThat(axonsRead.stream().map(event -> ((GapAwareTrackingToken) event.trackingToken()).getGaps())
                .filter(gaps -> !gaps.isEmpty()).count()).as("tokens that carry gaps").isPositive();
        assertThat(((GapAwareTrackingToken) axonsRead.get(axonsRead.size() - 1).trackingToken()).getGaps())
                .as("only the recent events' missing positions are still waited for")
                .containsExactlyElementsOf(missing.stream().filter(index -> index >= 1_000).toList());

        for (int from : List.of(0, 400, 1_000, 1_200)) {
            TrackingToken start = axonsRead.get(from).trackingToken();
            assertSameEvents(readAll(ours, start), readAll(axons, start));
        }
    }

    /** The instant as Axon writes it, or in another shape a row might hold (both parsers must agree on it). */
    private static String shaped(Instant at, Random random) {
        return switch (random.nextInt(6)) {
            case 0, 1 -> DateTimeUtils.formatInstant(at);
            case 2 -> DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.values()[random.nextInt(4)]));
            case 3 -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(at, ZoneOffset.ofHours(8)));
            case 4 -> DateTimeUtils.formatInstant(at).toLowerCase(Locale.ROOT);
            default -> DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
        };
    }

    private static List<TrackedEventMessage<?>> readAll(EventStorageEngine engine, TrackingToken from) {
        try (var events = engine.readEvents(from, false)) {
            return events.collect(Collectors.toList());
        }
    }

    private static void assertSameEvents(List<TrackedEventMessage<?>> actual, List<TrackedEventMessage<?>> expected) {
        assertThat(actual).hasSameSizeAs(expected).isNotEmpty();
        for (int i = 0; i < expected.size(); i++) {
            TrackedEventMessage<?> one = actual.get(i);
            TrackedEventMessage<?> other = expected.get(i);
            // a token's equals leaves out the gaps below its truncation index: compare them too
            assertThat(one.trackingToken()).as("token %d", i).isEqualTo(other.trackingToken());
            assertThat(((GapAwareTrackingToken) one.trackingToken()).getGaps()).as("gaps %d", i)
                    .isEqualTo(((GapAwareTrackingToken) other.trackingToken()).getGaps());
            assertThat(one.getTimestamp()).as("timestamp %d", i).isEqualTo(other.getTimestamp());
            assertThat(one.getIdentifier()).isEqualTo(other.getIdentifier());
            assertThat(one.getPayload()).isEqualTo(other.getPayload());
            assertThat(one.getMetaData()).isEqualTo(other.getMetaData());
        }
    }
}
