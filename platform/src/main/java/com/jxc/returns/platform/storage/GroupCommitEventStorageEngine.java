package com.jxc.returns.platform.storage;

import com.jxc.returns.platform.serialization.UtcTimestamps;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Axon's JDBC engine with group commit: the events of concurrent commands are appended by one writer thread and
 * share a durable commit, instead of each command paying for its own. A command hands its events over once every
 * other part of it has prepared successfully (in its unit of work's commit phase) and is acknowledged only after the
 * shared commit; each command's rows sit behind their own savepoint, so a conflict (another writer appended the same
 * aggregate sequence first) fails that command alone, as the plain engine would. A command that runs inside a
 * transaction its caller opened keeps its events in that transaction instead. Reads are the plain engine's, except that
 * each event's timestamp is read once, by {@link UtcTimestamps} (see {@link #getTrackedEventData}).
 */
public class GroupCommitEventStorageEngine extends JdbcEventStorageEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitEventStorageEngine.class);
    private static final String STAGED = GroupCommitEventStorageEngine.class.getName() + ".staged";
    /** Axon's defaults, set on the builder here because {@link #getTrackedEventData} decides gaps with them too. */
    static final long LOWEST_GLOBAL_SEQUENCE = 1;
    static final int MAX_GAP_OFFSET = 10_000;
    static final int GAP_TIMEOUT_MILLIS = 60_000;

    private final DataSource dataSource;
    private final int maxCommandsPerCommit;
    private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;
    private Connection writerConnection;

    public GroupCommitEventStorageEngine(Builder builder, DataSource dataSource, int maxCommandsPerCommit) {
        super(builder.lowestGlobalSequence(LOWEST_GLOBAL_SEQUENCE).maxGapOffset(MAX_GAP_OFFSET)
                .gapTimeout(GAP_TIMEOUT_MILLIS));
        this.dataSource = dataSource;
        this.maxCommandsPerCommit = maxCommandsPerCommit;
        this.writer = new Thread(this::writeLoop, "event-group-commit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Axon's, line for line (Axon 4.13), except for the entry: Axon's parses the stored timestamp with
     * {@code java.time}'s general formatter here, for the gap check, and again whenever the message's timestamp is
     * asked for; this one reads it once, in the shape the engine writes it without that formatter.
     */
    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        EventSchema schema = schema();
        long globalSequence = resultSet.getLong(schema.globalIndexColumn());

        String aggregateIdentifier = resultSet.getString(schema.aggregateIdentifierColumn());
        String eventIdentifier = resultSet.getString(schema.eventIdentifierColumn());
        TimestampReadOnce<?> domainEvent = new TimestampReadOnce<>(
                resultSet.getString(schema.typeColumn()),
                eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                resultSet.getLong(schema.sequenceNumberColumn()),
                eventIdentifier,
                readTimeStamp(resultSet, schema.timestampColumn()),
                resultSet.getString(schema.payloadTypeColumn()),
                resultSet.getString(schema.payloadRevisionColumn()),
                readPayload(resultSet, schema.payloadColumn()),
                readPayload(resultSet, schema.metaDataColumn())
        );

        boolean allowGaps = domainEvent.getTimestamp()
                .isAfter(GenericEventMessage.clock.instant().minus(GAP_TIMEOUT_MILLIS, ChronoUnit.MILLIS));
        GapAwareTrackingToken token = previousToken;
        if (token == null) {
            token = GapAwareTrackingToken.newInstance(
                    globalSequence,
                    allowGaps
                    ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, globalSequence), globalSequence)
                                .boxed()
                                .collect(Collectors.toCollection(TreeSet::new))
                    : Collections.emptySortedSet()
            );
        } else {
            token = token.advanceTo(globalSequence, allowGaps ? MAX_GAP_OFFSET : 0);
        }
        return new TrackedDomainEventData<>(token, domainEvent);
    }

    /** Axon's entry, with the timestamp read once: by {@link UtcTimestamps}, or by Axon's parser for other shapes. */
    private static final class TimestampReadOnce<T> extends GenericDomainEventEntry<T> {

        private final Instant timestamp;

        TimestampReadOnce(String type, String aggregateIdentifier, long sequenceNumber, String eventIdentifier,
                          Object timestamp, String payloadType, String payloadRevision, T payload, T metaData) {
            super(type, aggregateIdentifier, sequenceNumber, eventIdentifier, timestamp, payloadType, payloadRevision,
                    payload, metaData);
            Instant utc = timestamp instanceof String text ? UtcTimestamps.parse(text) : null;
            this.timestamp = utc != null ? utc : super.getTimestamp();
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        if (!CurrentUnitOfWork.isStarted()) {
            await(submit(events, serializer));
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        if (Boolean.TRUE.equals(root.getResource(CallerAwareTransactionManager.JOINS_CALLER_TRANSACTION))) {
            super.appendEvents(events, serializer);
            return;
        }
        List<EventMessage<?>> staged = root.getOrComputeResource(STAGED, key -> {
            List<EventMessage<?>> pending = new ArrayList<>();
            root.onCommit(unitOfWork -> await(submit(pending, serializer)));
            return pending;
        });
        staged.addAll(events);
    }

    private CompletableFuture<Void> submit(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (!running) {
            throw new IllegalStateException("the event store is shutting down");
        }
        var append = new Append(List.copyOf(events), serializer, new CompletableFuture<>());
        queue.add(append);
        return append.done();
    }

    private static void await(CompletableFuture<Void> done) {
        try {
            done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private void writeLoop() {
        var batch = new ArrayList<Append>(maxCommandsPerCommit);
        while (running || !queue.isEmpty()) {
            try {
                Append first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxCommandsPerCommit - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException | Error e) {
                log.error("Group commit writer failed", e);
                batch.forEach(append -> append.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Append> batch) {
        var outcomes = new ArrayList<RuntimeException>(batch.size());
        try {
            Connection connection = connection();
            try {
                for (Append append : batch) {
                    outcomes.add(insert(connection, append));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                discardConnection();
                throw e;
            }
        } catch (SQLException e) {
            RuntimeException failure = new EventStoreException("Failed to store events", e);
            batch.forEach(append -> append.done().completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            RuntimeException failure = outcomes.get(i);
            if (failure == null) {
                batch.get(i).done().complete(null);
            } else {
                batch.get(i).done().completeExceptionally(failure);
            }
        }
    }

    /**
     * The writer keeps a connection of its own: commands hold pooled connections while they wait for the writer,
     * so borrowing from the same pool per batch could starve it.
     */
    private Connection connection() throws SQLException {
        if (writerConnection == null) {
            writerConnection = dataSource.getConnection();
            writerConnection.setAutoCommit(false);
        }
        return writerConnection;
    }

    private void discardConnection() {
        if (writerConnection != null) {
            try {
                writerConnection.rollback();
                writerConnection.close();
            } catch (SQLException e) {
                log.warn("Discarding the group commit connection: {}", e.getMessage());
            }
            writerConnection = null;
        }
    }

    /** Inserts one command's events behind a savepoint; returns why they were refused, or null. */
    private RuntimeException insert(Connection connection, Append append) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement statement = appendEvents(connection, append.events(), append.serializer())) {
            statement.executeBatch();
            connection.releaseSavepoint(savepoint);
            return null;
        } catch (SQLException e) {
            connection.rollback(savepoint);
            try {
                handlePersistenceException(e, append.events().get(0));
            } catch (RuntimeException translated) {
                return translated;
            }
            return new EventStoreException("Failed to store events", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        writer.join(TimeUnit.SECONDS.toMillis(10));
        discardConnection();
    }

    private record Append(List<? extends EventMessage<?>> events, Serializer serializer,
                          CompletableFuture<Void> done) {
    }
}
