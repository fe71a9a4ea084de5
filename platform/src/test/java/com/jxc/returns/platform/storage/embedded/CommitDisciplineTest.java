package com.jxc.returns.platform.storage.embedded;

import com.jxc.returns.platform.storage.PowerCut;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

/** Only the backend's commits write the file, and a commit never lands inside a command. */
class CommitDisciplineTest {

    @TempDir
    Path dir;

    @Test
    void nothingReachesTheFileButACommitHoweverMuchIsWritten() {
        Path file = dir.resolve("s.mv");
        String padding = "x".repeat(100_000);
        var store = RunningStore.open(file);
        var items = store.database.getCollection("items");
        items.createIndex(Indexes.ascending("sku"), new IndexOptions().unique(true));
        items.insertOne(new Document("_id", "committed").append("sku", "S-committed"));
        store.backend.commit();
        // far more than MVStore's write buffer (which commits by itself unless told not to)
        for (int i = 0; i < 400; i++) {
            items.insertOne(new Document("_id", "i-" + i).append("sku", "S-" + i).append("padding", padding));
        }
        store.crash();

        List<String> repairs = new ArrayList<>();
        var backend = StoreBackend.open(file, 8);
        backend.checkIndexes(repairs::add);
        try (var reopened = RunningStore.open(backend)) {
            var reopenedItems = reopened.database.getCollection("items");
            assertThat(reopenedItems.countDocuments()).isEqualTo(1);
            assertThat(reopenedItems.find(eq("sku", "S-committed")).first()).containsEntry("_id", "committed");
            assertThat(repairs).isEmpty();
        }
    }

    /** A commit is forced to the disk: what a power loss right after it leaves holds what it committed. */
    @Test
    void aCommitIsOnTheDiskWhenItReturns() throws Exception {
        PowerCut.register();
        Path live = Files.createDirectories(dir.resolve("live"));
        var store = RunningStore.open(Path.of(PowerCut.SCHEME + ":" + live.resolve("s.mv")));
        var items = store.database.getCollection("items");
        items.createIndex(Indexes.ascending("sku"));
        items.insertOne(new Document("_id", "committed").append("sku", "S-committed"));
        store.backend.commit();
        items.insertOne(new Document("_id", "not-committed").append("sku", "S-not-committed"));

        PowerCut.cut(live, dir.resolve("after"));
        store.crash();

        List<String> repairs = new ArrayList<>();
        var backend = StoreBackend.open(dir.resolve("after").resolve("s.mv"), 8);
        backend.checkIndexes(repairs::add);
        try (var reopened = RunningStore.open(backend)) {
            var reopenedItems = reopened.database.getCollection("items");
            assertThat(reopenedItems.find().map(item -> item.getString("_id"))).containsExactly("committed");
            assertThat(reopenedItems.find(eq("sku", "S-committed")).first()).containsEntry("_id", "committed");
            assertThat(repairs).isEmpty();
        }
    }

    /**
     * The test thread commits as fast as it can while a writer runs commands that each touch a document and two
     * indexes; after each commit it copies the file (which only a commit changes). Every copy, as a crash at that
     * instant would leave it, must hold whole commands: no index entry without its document or the other way round.
     */
    @Test
    void everyCommitWhileAWriterRunsHoldsWholeCommandsOnly() throws Exception {
        Path file = dir.resolve("s.mv");
        List<Path> copies = new ArrayList<>();
        try (var store = RunningStore.open(file)) {
            var items = store.database.getCollection("items");
            items.createIndex(Indexes.ascending("sku"), new IndexOptions().unique(true));
            items.createIndex(Indexes.ascending("state"));
            // a command that writes many index entries keeps a commit's chance of landing inside it high
            items.createIndex(Indexes.ascending("tags"));
            List<String> tags = IntStream.range(0, 200).mapToObj(tag -> "tag-" + tag).toList();
            AtomicBoolean writing = new AtomicBoolean(true);
            var writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 300; i++) {
                        items.insertOne(new Document("_id", "i-" + i).append("sku", "S-" + i).append("state", "NEW")
                                .append("tags", tags));
                        if (i % 3 == 0) {
                            items.updateOne(eq("_id", "i-" + (i / 2)), Updates.combine(
                                    Updates.set("sku", "T-" + i), Updates.set("state", "SEEN")));
                        }
                        if (i % 7 == 0) {
                            items.deleteOne(eq("_id", "i-" + (i / 3)));
                        }
                    }
                } finally {
                    writing.set(false);
                }
            });
            long copied = -1;
            while (writing.get() && copies.size() < 50) {
                long version = store.backend.commit();
                if (version != copied) {
                    Path copy = dir.resolve("commit-" + copies.size() + ".mv");
                    Files.copy(file, copy);
                    copies.add(copy);
                    copied = version;
                }
            }
            writer.get();
        }
        assertThat(copies.size()).isGreaterThan(20);
        List<String> torn = new ArrayList<>();
        for (Path copy : copies) {
            var backend = StoreBackend.open(copy, 8);
            backend.checkIndexes(what -> torn.add(copy.getFileName() + ": " + what));
            backend.close();
        }
        assertThat(torn).isEmpty();
    }
}
