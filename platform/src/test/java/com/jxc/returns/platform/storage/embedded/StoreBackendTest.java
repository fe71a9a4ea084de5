package com.jxc.returns.platform.storage.embedded;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store's own backend through the real driver: documents as BSON, the {@code _id} map, real indexes. */
class StoreBackendTest {

    @TempDir
    Path dir;

    @Test
    void documentsKeepTheirBsonTypesAcrossARestart() {
        var document = new Document("_id", "r-1")
                .append("amount", new Decimal128(new BigDecimal("12.50")))
                .append("currency", "CNY")
                .append("requestedAt", new Date(1_700_000_000_000L))
                .append("quantity", 3)
                .append("count", 5_000_000_000L)
                .append("lines", List.of(new Document("sku", "A").append("quantity", 1)));
        try (var store = RunningStore.open(dir.resolve("s.mv"))) {
            store.database.getCollection("returns").insertOne(document);
            store.backend.commit();
        }
        try (var store = RunningStore.open(dir.resolve("s.mv"))) {
            Document read = store.database.getCollection("returns").find(eq("_id", "r-1")).first();
            assertThat(read).isEqualTo(document);
            assertThat(read.get("amount")).isInstanceOf(Decimal128.class);
            assertThat(read.get("requestedAt")).isInstanceOf(Date.class);
        }
    }

    @Test
    void numericIdsOfEqualValueAreOneDocument() {
        try (var store = RunningStore.open(dir.resolve("s.mv"))) {
            var collection = store.database.getCollection("c");
            collection.insertOne(new Document("_id", 7));
            assertThatThrownBy(() -> collection.insertOne(new Document("_id", 7L)))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            assertThat(collection.find(eq("_id", 7.0)).first()).isNotNull();
        }
    }

    @Test
    void aNonUniqueIndexIsBuiltKeptAndUsedAfterWrites() {
        try (var store = RunningStore.open(dir.resolve("s.mv"))) {
            var collection = store.database.getCollection("returns");
            for (int i = 0; i < 50; i++) {
                collection.insertOne(new Document("_id", "r-" + i).append("state", i % 2 == 0 ? "OPEN" : "CLOSED")
                        .append("tags", List.of("t" + (i % 3), "all")));
            }
            collection.createIndex(Indexes.ascending("state"));
            collection.createIndex(Indexes.ascending("tags"));
            collection.updateOne(eq("_id", "r-0"), Updates.set("state", "CLOSED"));
            collection.replaceOne(eq("_id", "r-1"), new Document("state", "OPEN"), new ReplaceOptions());
            collection.deleteOne(eq("_id", "r-2"));
            collection.insertOne(new Document("_id", "r-50").append("state", "OPEN"));

            assertThat(ids(collection.find(eq("state", "OPEN")))).hasSize(25)
                    .contains("r-1", "r-50").doesNotContain("r-0", "r-2");
            assertThat(ids(collection.find(in("state", "OPEN", "CLOSED")))).hasSize(50);
            assertThat(ids(collection.find(eq("tags", "t1")))).hasSize(16).doesNotContain("r-1");
            assertThat(indexEntries(store, "state_1")).isEqualTo(50);
            List<String> indexes = new ArrayList<>();
            collection.listIndexes().forEach(index -> indexes.add(index.getString("name")));
            assertThat(indexes).containsExactly("_id_", "state_1", "tags_1");
        }
        try (var store = RunningStore.open(dir.resolve("s.mv"))) {
            assertThat(ids(store.database.getCollection("returns").find(eq("state", "OPEN")))).hasSize(25);
            assertThat(ids(store.database.getCollection("returns").find(and(eq("state", "OPEN"), eq("_id", "r-1")))))
                    .containsExactly("r-1");
        }
    }

    @Test
    void idInAListFindsTheDocumentsThereOnceEachWithOrderLimitAndProjection() {
        try (var store = RunningStore.open(dir.resolve("s.mv"))) {
            var collection = store.database.getCollection("c");
            for (int i = 0; i < 100; i++) {
                collection.insertOne(new Document("_id", "r-%03d".formatted(i)).append("n", i).append("odd", i % 2));
            }
            collection.insertOne(new Document("_id", 7).append("n", -7));
            collection.insertOne(new Document("_id", new Document("a", 1)).append("n", -1));

            assertThat(ids(collection.find(in("_id", "r-005", "r-099", "r-005", "r-100", "r-1", 7.0, 8))))
                    .containsExactlyInAnyOrder("r-005", "r-099", 7);
            assertThat(ids(collection.find(in("_id", "r-010", "r-020", "r-030", "r-031"))
                    .sort(new Document("n", -1)).limit(2))).containsExactly("r-031", "r-030");
            assertThat(collection.find(in("_id", "r-002", "r-003")).projection(new Document("odd", 1))
                    .into(new ArrayList<>())).containsExactlyInAnyOrder(new Document("_id", "r-002").append("odd", 0),
                    new Document("_id", "r-003").append("odd", 1));
            assertThat(ids(collection.find(and(in("_id", "r-002", "r-003", "r-004"), eq("odd", 0)))))
                    .as("a condition beside the list still applies").containsExactlyInAnyOrder("r-002", "r-004");
            assertThat(ids(collection.find(in("_id", new Document("a", 1), "r-001"))))
                    .containsExactlyInAnyOrder(new Document("a", 1), "r-001");
        }
    }

    @Test
    void aUniqueIndexRejectsADuplicateAndForgetsADeletedKey() {
        try (var store = RunningStore.open(dir.resolve("s.mv"))) {
            var tokens = store.database.getCollection("trackingtokens");
            tokens.createIndex(Indexes.ascending("processorName", "segment"), new IndexOptions().unique(true));
            tokens.insertOne(new Document("processorName", "returns").append("segment", 0));
            assertThatThrownBy(() -> tokens.insertOne(new Document("processorName", "returns").append("segment", 0)))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            tokens.deleteOne(eq("processorName", "returns"));
            tokens.insertOne(new Document("processorName", "returns").append("segment", 0));
            assertThat(tokens.countDocuments()).isEqualTo(1);
        }
    }

    @Test
    void droppingAndRecreatingACollectionStartsEmpty() {
        try (var store = RunningStore.open(dir.resolve("s.mv"))) {
            var collection = store.database.getCollection("ledger");
            collection.createIndex(Indexes.ascending("order"));
            collection.insertOne(new Document("_id", 1).append("order", "o-1"));
            collection.drop();
            collection.insertOne(new Document("_id", 1).append("order", "o-2"));
            assertThat(ids(collection.find(eq("order", "o-1")))).isEmpty();
            assertThat(collection.countDocuments()).isEqualTo(1);
            assertThatThrownBy(() -> store.database.runCommand(new Document("noSuchCommand", 1)))
                    .isInstanceOf(MongoCommandException.class);
        }
    }

    @Test
    void aRenamedCollectionKeepsItsDocumentsAndIndexesAcrossARestart() {
        try (var store = RunningStore.open(dir.resolve("s.mv"))) {
            var shadow = store.database.getCollection("returns-rebuilt");
            shadow.createIndex(Indexes.ascending("orderNumber"), new IndexOptions().unique(true));
            shadow.createIndex(Indexes.ascending("state"));
            shadow.insertOne(new Document("_id", "r-1").append("orderNumber", "RO-1").append("state", "OPEN"));
            shadow.renameCollection(new com.mongodb.MongoNamespace("returns", "returns"));
            store.backend.commit();
        }
        try (var store = RunningStore.open(dir.resolve("s.mv"))) {
            var returns = store.database.getCollection("returns");
            assertThat(ids(returns.find(eq("orderNumber", "RO-1")))).containsExactly("r-1");
            assertThat(ids(returns.find(eq("state", "OPEN")))).containsExactly("r-1");
            assertThatThrownBy(() -> returns.insertOne(new Document("_id", "r-2").append("orderNumber", "RO-1")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            assertThat(store.database.getCollection("returns-rebuilt").countDocuments()).isZero();
        }
    }

    private static List<Object> ids(Iterable<Document> documents) {
        List<Object> ids = new ArrayList<>();
        documents.forEach(document -> ids.add(document.get("_id")));
        return ids;
    }

    private static long indexEntries(RunningStore store, String index) {
        return StoreLayout.index(store.backend.store(), "returns.returns", index).sizeAsLong();
    }
}
