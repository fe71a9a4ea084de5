package com.jxc.returns.app.storage;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
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
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create data directory " + dataDir, e);
        }
        var backend = new H2Backend(dataDir.resolve("readmodels.mv").toString());
        var server = new MongoServer(backend);
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
