package com.jxc.returns.platform.storage;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Axon's JDBC engine with group commit: the events of concurrent commands are appended by one writer thread and
 * share a durable commit, instead of each command paying for its own. A command hands its events over once every
 * other part of it has prepared successfully (in its unit of work's commit phase) and is acknowledged only after the
 * shared commit; each command's rows sit behind their own savepoint, so a conflict (another writer appended the same
 * aggregate sequence first) fails that command alone, as the plain engine would. A command that runs inside a
 * transaction its caller opened keeps its events in that transaction instead. Reads are the plain engine's.
 */
public class GroupCommitEventStorageEngine extends JdbcEventStorageEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitEventStorageEngine.class);
    private static final String STAGED = GroupCommitEventStorageEngine.class.getName() + ".staged";

    private final DataSource dataSource;
    private final int maxCommandsPerCommit;
    private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;
    private Connection writerConnection;

    public GroupCommitEventStorageEngine(Builder builder, DataSource dataSource, int maxCommandsPerCommit) {
        super(builder);
        this.dataSource = dataSource;
        this.maxCommandsPerCommit = maxCommandsPerCommit;
        this.writer = new Thread(this::writeLoop, "event-group-commit");
        this.writer.setDaemon(true);
        this.writer.start();
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
