package com.jxc.returns.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;

import java.nio.file.Path;

/**
 * The read-model store as it was before issue #17: mongo-java-server's own H2 backend (documents by Java
 * serialisation, MVStore's background commit), with the service's former cache of 8 MB, on a file of its own in
 * this JVM. The benchmark writes the same documents to it and to the service's store in one run.
 */
final class PreviousReadStore implements AutoCloseable {

    private final MongoServer server;
    private final MongoClient client;

    PreviousReadStore(Path file) {
        var backend = new H2Backend(new MVStore.Builder().fileName(file.toString()).cacheSize(8).open());
        server = new MongoServer(backend);
        var address = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort() + "/bench-previous");
    }

    MongoDatabase database() {
        return client.getDatabase("bench-previous");
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
