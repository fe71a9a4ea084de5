package com.jxc.returns.platform.storage;

import com.jxc.returns.platform.health.ReadStoreChecks;
import com.jxc.returns.platform.storage.embedded.OperatorCommands;
import com.jxc.returns.platform.storage.embedded.StoreBackend;
import de.bwaldvogel.mongo.MongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The default read-model store: an in-process MongoDB-wire-protocol server (mongo-java-server with the service's own
 * backend, {@link StoreBackend}: BSON pages in one MVStore file in the data directory) on loopback, reached by the
 * real MongoDB driver over TCP. Only this class commits the file: every {@code commitInterval}, when asked
 * ({@link #commit()}) and at {@link #close()}; each commit lands between two commands.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);

    /** H2's default for an MVStore. */
    static final int DEFAULT_CACHE_MB = 16;
    static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

    /** The file of the store's current page format. */
    public static final String STORE_FILE = "readmodels-v2.mv";
    /** The file of mongo-java-server's own H2 backend, used before the page format changed; no longer read. */
    static final String PREVIOUS_STORE_FILE = "readmodels.mv";

    private final StoreBackend backend;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final ScheduledExecutorService committer;

    private EmbeddedMongoServer(StoreBackend backend, MongoServer server, InetSocketAddress address,
                                ScheduledExecutorService committer) {
        this.backend = backend;
        this.server = server;
        this.address = address;
        this.committer = committer;
    }

    /** Starts on loopback at {@code port} (0 = any free port), storing its data under {@code dataDir}. */
    public static EmbeddedMongoServer start(Path dataDir, int port) {
        return start(dataDir, port, DEFAULT_CACHE_MB, DEFAULT_COMMIT_INTERVAL, new ReadStoreChecks(Clock.systemUTC()));
    }

    /**
     * As {@link #start(Path, int)}, with a page cache of {@code cacheMb} MB, committing every {@code commitInterval}.
     * Before it accepts a connection it checks every index of every collection against the documents (check
     * {@code indexes} of {@code checks}) and repairs what differs.
     */
    public static EmbeddedMongoServer start(Path dataDir, int port, int cacheMb, Duration commitInterval,
                                            ReadStoreChecks checks) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create data directory " + dataDir, e);
        }
        Path previous = dataDir.resolve(PREVIOUS_STORE_FILE);
        if (Files.exists(previous)) {
            log.info("{} (written by an earlier release in another page format) is no longer used: the read models "
                    + "and their tokens are in {} and are rebuilt from the event store if it is new; the old file "
                    + "can be deleted", previous, STORE_FILE);
        }
        var backend = StoreBackend.open(dataDir.resolve(STORE_FILE), cacheMb);
        var server = new MongoServer(new OperatorCommands(backend));
        try (var check = checks.start("indexes")) {
            long started = System.nanoTime();
            backend.checkIndexes(what -> checks.repaired("indexes", what));
            log.info("Read-store indexes checked against their documents in {} ms",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            server.bind("127.0.0.1", port);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        InetSocketAddress address = server.getLocalAddress();
        ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "read-store-commit");
            thread.setDaemon(true);
            return thread;
        });
        long interval = commitInterval.toNanos();
        committer.scheduleWithFixedDelay(() -> commitLogged(backend), interval, interval, TimeUnit.NANOSECONDS);
        log.info("Embedded MongoDB-compatible server on {} storing in {} (commit every {})", address,
                dataDir.resolve(STORE_FILE), commitInterval);
        return new EmbeddedMongoServer(backend, server, address, committer);
    }

    private static void commitLogged(StoreBackend backend) {
        try {
            backend.commit();
        } catch (RuntimeException e) {
            // the next commit writes the same changes: a scheduled task that throws would never run again
            log.error("Read-store commit failed", e);
        }
    }

    public String connectionString(String database) {
        return "mongodb://127.0.0.1:" + address.getPort() + "/" + database;
    }

    public int port() {
        return address.getPort();
    }

    /** Makes every write acknowledged so far durable (against a crash of the process), between two commands. */
    public void commit() {
        backend.commit();
    }

    StoreBackend backend() {
        return backend;
    }

    @Override
    public void close() {
        committer.shutdown();
        try {
            committer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.shutdownNow();
        backend.close();
    }
}
