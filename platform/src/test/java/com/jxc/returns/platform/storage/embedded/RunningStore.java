package com.jxc.returns.platform.storage.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.mongodb.client.model.Filters.eq;

/**
 * A {@link StoreBackend} on a file, served on loopback and reached through the real driver, with no scheduled commit:
 * the test decides when the file is written.
 */
final class RunningStore implements AutoCloseable {

    final StoreBackend backend;
    final MongoServer server;
    final MongoClient client;
    final MongoDatabase database;

    private RunningStore(StoreBackend backend) {
        this.backend = backend;
        this.server = new MongoServer(backend);
        var address = server.bind();
        this.client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort() + "/returns");
        this.database = client.getDatabase("returns");
    }

    static RunningStore open(Path file) {
        return new RunningStore(StoreBackend.open(file, 8));
    }

    static RunningStore open(StoreBackend backend) {
        return new RunningStore(backend);
    }

    /** What a {@code kill -9} leaves: the file as of the last commit, nothing written after it. */
    void crash() {
        backend.store().closeImmediately();
        client.close();
        server.shutdownNow();
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }

    /**
     * Every collection's documents in {@code _id} order, each as scanned, and whether a lookup by {@code _id} (the
     * path every read model's detail takes) finds the same document.
     */
    Map<String, List<String>> contents() {
        Map<String, List<String>> contents = new TreeMap<>();
        for (String name : database.listCollectionNames()) {
            var collection = database.getCollection(name);
            List<String> documents = new ArrayList<>();
            for (Document document : collection.find().sort(new Document("_id", 1))) {
                Document byId = collection.find(eq("_id", document.get("_id"))).first();
                documents.add(document.toJson() + (document.equals(byId) ? "" : " MISSED BY _id: " + byId));
            }
            contents.put(name, documents);
        }
        return contents;
    }
}
