package com.jxc.returns.platform.storage;

import com.jxc.returns.platform.storage.embedded.OperatorCommands;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The default read-model store: an in-process MongoDB-wire-protocol server (mongo-java-server, H2 backend, one
 * file in the data directory) on loopback, reached by the real MongoDB driver over TCP.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);

    /** H2's default for an MVStore. */
    static final int DEFAULT_CACHE_MB = 16;

    private final H2Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;

    private EmbeddedMongoServer(H2Backend backend, MongoServer server, InetSocketAddress address) {
        this.backend = backend;
        this.server = server;
        this.address = address;
    }

    /** Starts on loopback at {@code port} (0 = any free port), storing its data under {@code dataDir}. */
    public static EmbeddedMongoServer start(Path dataDir, int port) {
        return start(dataDir, port, DEFAULT_CACHE_MB);
    }

    /**
     * As {@link #start(Path, int)}, with a page cache of {@code cacheMb} MB. The cache holds documents as objects and
     * counts each at an estimate, so what it takes on the heap is more than its nominal size (at the soak's documents
     * about twice as much).
     */
    public static EmbeddedMongoServer start(Path dataDir, int port, int cacheMb) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create data directory " + dataDir, e);
        }
        var backend = new H2Backend(new MVStore.Builder().fileName(dataDir.resolve("readmodels.mv").toString())
                .cacheSize(cacheMb).open());
        var server = new MongoServer(new OperatorCommands(backend));
        server.bind("127.0.0.1", port);
        InetSocketAddress address = server.getLocalAddress();
        log.info("Embedded MongoDB-compatible server on {} storing in {}", address, dataDir);
        return new EmbeddedMongoServer(backend, server, address);
    }

    public String connectionString(String database) {
        return "mongodb://127.0.0.1:" + address.getPort() + "/" + database;
    }

    public int port() {
        return address.getPort();
    }

    /** Makes every write acknowledged so far durable; the backend itself commits only about once a second. */
    public void commit() {
        backend.commit();
    }

    @Override
    public void close() {
        server.shutdownNow();
        backend.close();
    }
}
