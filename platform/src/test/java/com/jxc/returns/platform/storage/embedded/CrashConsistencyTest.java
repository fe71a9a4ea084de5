package com.jxc.returns.platform.storage.embedded;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a {@code kill -9} leaves, deterministically: the store only writes its file when committed, so a copy of the
 * file taken while a command after the last commit has run (unsaved) is the file a crash at that instant leaves.
 */
class CrashConsistencyTest {

    @TempDir
    Path dir;

    /** A short workload of a read model and its tracking tokens: every kind of write the projections use. */
    private static final List<Consumer<MongoDatabase>> COMMANDS = List.of(
            db -> db.getCollection("returns").createIndex(Indexes.ascending("orderNumber"),
                    new IndexOptions().unique(true)),
            db -> db.getCollection("returns").createIndex(Indexes.ascending("state")),
            db -> db.getCollection("trackingtokens").createIndex(Indexes.ascending("processorName", "segment"),
                    new IndexOptions().unique(true)),
            db -> db.getCollection("returns").insertOne(doc("r-1", "RO-1", "REQUESTED")),
            db -> db.getCollection("returns").insertMany(List.of(doc("r-2", "RO-2", "REQUESTED"),
                    doc("r-3", "RO-3", "REQUESTED"), doc("r-4", "RO-4", "REQUESTED"))),
            db -> db.getCollection("trackingtokens").insertOne(new Document("processorName", "returns")
                    .append("segment", 0).append("token", 4)),
            db -> db.getCollection("returns").updateOne(eq("_id", "r-1"), Updates.set("state", "APPROVED")),
            db -> db.getCollection("returns").replaceOne(eq("_id", "r-2"), doc("r-2", "RO-2b", "REJECTED")),
            db -> db.getCollection("returns").updateOne(eq("_id", "r-5"),
                    Updates.combine(Updates.set("orderNumber", "RO-5"), Updates.set("state", "REQUESTED")),
                    new UpdateOptions().upsert(true)),
            db -> db.getCollection("trackingtokens").updateOne(eq("processorName", "returns"),
                    Updates.set("token", 9)),
            db -> db.getCollection("returns").deleteOne(eq("_id", "r-3")),
            db -> db.getCollection("returns").bulkWrite(List.of(
                    new InsertOneModel<>(doc("r-6", "RO-6", "REQUESTED")),
                    new UpdateOneModel<>(eq("_id", "r-4"), Updates.set("state", "RECEIVED")),
                    new ReplaceOneModel<>(eq("_id", "r-7"), doc("r-7", "RO-7", "REQUESTED"),
                            new ReplaceOptions().upsert(true)),
                    new DeleteOneModel<>(eq("_id", "r-5")))),
            db -> db.getCollection("returns").updateMany(in("state", "REQUESTED", "RECEIVED"),
                    Updates.set("state", "CLOSED")),
            db -> db.getCollection("trackingtokens").replaceOne(eq("processorName", "returns"),
                    new Document("processorName", "returns").append("segment", 0).append("token", 14)),
            db -> db.getCollection("returns").deleteMany(eq("state", "REJECTED")),
            db -> db.getCollection("notifications").insertOne(new Document("_id", "n-1").append("sent", false)),
            db -> db.getCollection("notifications").drop());

    private static Document doc(String id, String orderNumber, String state) {
        return new Document("_id", id).append("orderNumber", orderNumber).append("state", state);
    }

    @Test
    void aCrashAtAnyCommandBoundaryLeavesExactlyTheCommandsCommittedBeforeIt() throws IOException {
        Path file = dir.resolve("live.mv");
        List<Map<String, List<String>>> committed = new ArrayList<>();
        List<Path> crashed = new ArrayList<>();
        try (var store = RunningStore.open(file)) {
            COMMANDS.get(0).accept(store.database);
            store.backend.commit();
            committed.add(store.contents());
            for (int k = 0; k + 1 < COMMANDS.size(); k++) {
                COMMANDS.get(k + 1).accept(store.database);
                // the file as a kill -9 now leaves it: command k + 1 acknowledged, not yet committed
                Path copy = dir.resolve("crash-after-" + k + ".mv");
                Files.copy(file, copy);
                crashed.add(copy);
                store.backend.commit();
                committed.add(store.contents());
            }
        }
        for (int k = 0; k < crashed.size(); k++) {
            List<String> repairs = new ArrayList<>();
            var backend = StoreBackend.open(crashed.get(k), 8);
            backend.checkIndexes(repairs::add);
            try (var reopened = RunningStore.open(backend)) {
                assertThat(reopened.contents()).as("after a crash following command %d", k).isEqualTo(committed.get(k));
                assertThat(repairs).as("after a crash following command %d", k).isEmpty();
            }
        }
    }
}
