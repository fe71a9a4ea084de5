package com.jxc.returns.platform.storage.embedded;

import com.jxc.returns.platform.health.ReadStoreChecks;
import com.jxc.returns.platform.storage.EmbeddedMongoServer;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.backend.KeyValue;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Torn states written straight into the store file (as a crash of the earlier backend left them), then found and
 * repaired by the start-up check before the server accepts a connection, each repair reported.
 */
class IndexRepairTest {

    private static final String RETURNS = "returns.returns";

    @TempDir
    Path dir;

    @Test
    void theStartUpCheckRepairsEveryTornIndexAndReportsEachRepair() {
        try (var store = RunningStore.open(dir.resolve(EmbeddedMongoServer.STORE_FILE))) {
            var returns = store.database.getCollection("returns");
            returns.createIndex(Indexes.ascending("orderNumber"), new IndexOptions().unique(true));
            returns.createIndex(Indexes.ascending("state"));
            for (String id : List.of("lost-entries", "lost-document", "misplaced", "intact")) {
                returns.insertOne(new Document("_id", id).append("orderNumber", "RO-" + id).append("state", "OPEN"));
            }
            store.backend.commit();
        }

        tear();

        var checks = new ReadStoreChecks(Clock.systemUTC());
        try (var server = EmbeddedMongoServer.start(dir, 0, 8, Duration.ofMinutes(1), checks);
             var client = MongoClients.create(server.connectionString("returns"))) {
            assertThat(checks.running()).isEmpty();
            List<String> repairs = new ArrayList<>();
            checks.repairs().forEach(repair -> {
                assertThat(repair.check()).isEqualTo("indexes");
                repairs.add(repair.what());
            });
            assertThat(repairs).hasSize(6);
            assertThat(repairs).anySatisfy(what -> assertThat(what)
                    .contains(RETURNS + " _id: moved the document with _id misplaced"));
            assertThat(repairs).anySatisfy(what -> assertThat(what).contains("index orderNumber_1: removed entry",
                    "RO-lost-document", "pointing to no document, _id lost-document"));
            assertThat(repairs).anySatisfy(what -> assertThat(what).contains("index state_1: removed entry OPEN",
                    "pointing to no document, _id lost-document"));
            assertThat(repairs).anySatisfy(what -> assertThat(what).contains("index orderNumber_1: re-added",
                    "RO-lost-entries for _id lost-entries"));
            assertThat(repairs).anySatisfy(what -> assertThat(what).contains("index state_1: re-added",
                    "OPEN for _id lost-entries"));
            assertThat(repairs).anySatisfy(what -> assertThat(what).contains("index orderNumber_1: re-added",
                    "RO-misplaced for _id misplaced"));

            var returns = client.getDatabase("returns").getCollection("returns");
            assertThat(returns.find(eq("_id", "misplaced")).first()).isNotNull();
            assertThat(returns.find(eq("orderNumber", "RO-lost-entries")).first()).isNotNull();
            assertThat(returns.find(eq("state", "OPEN")).map(document -> document.getString("_id")))
                    .containsExactlyInAnyOrder("lost-entries", "misplaced", "intact");
            // the lost document can be written again: its stale index entries no longer claim its keys
            returns.insertOne(new Document("_id", "lost-document").append("orderNumber", "RO-lost-document")
                    .append("state", "OPEN"));
            returns.updateOne(eq("_id", "misplaced"), Updates.set("state", "CLOSED"));
            assertThat(returns.find(eq("state", "CLOSED")).first()).containsEntry("_id", "misplaced");
            assertThat(returns.countDocuments()).isEqualTo(4);
        }

        var again = new ReadStoreChecks(Clock.systemUTC());
        EmbeddedMongoServer.start(dir, 0, 8, Duration.ofMinutes(1), again).close();
        assertThat(again.repairs()).as("the repairs were committed").isEmpty();
    }

    /**
     * "lost-entries" loses both its index entries; "lost-document" loses its document but keeps its index entries;
     * "misplaced" is stored under a key that is not its {@code _id}, so a lookup by {@code _id} misses it while a scan
     * finds it (the 404 of issue #17), and its unique entry is gone too.
     */
    private void tear() {
        var store = StoreBackend.openStore(dir.resolve(EmbeddedMongoServer.STORE_FILE), 8);
        var documents = StoreLayout.documents(store, RETURNS);
        var orderNumbers = StoreLayout.index(store, RETURNS, "orderNumber_1");
        var states = StoreLayout.index(store, RETURNS, "state_1");
        Key lostEntries = id("lost-entries");
        assertThat(orderNumbers.remove(value("RO-lost-entries"))).isEqualTo(lostEntries);
        assertThat(states.remove(value("OPEN").append(lostEntries))).isEqualTo(lostEntries);
        assertThat(documents.remove(id("lost-document"))).isNotNull();
        byte[] misplaced = documents.remove(id("misplaced"));
        documents.put(id("stale key"), misplaced);
        assertThat(orderNumbers.remove(value("RO-misplaced"))).isNotNull();
        store.commit();
        store.close();
    }

    private static Key id(String id) {
        return value(id);
    }

    private static Key value(String value) {
        return StoredBson.key(new KeyValue(value));
    }
}
