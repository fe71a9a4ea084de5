package com.jxc.returns.projection.schema;

import com.jxc.returns.projection.support.ReadModels;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadModelSchemaTest {

    private static final String TOKENS = "trackingtokens";
    private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private MongoServer server;
    private MongoClient client;
    private MongoDatabase database;

    @BeforeEach
    void start() {
        server = new MongoServer(H2Backend.inMemory());
        client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
        database = client.getDatabase("returns");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void everyReadModelNamesTheCollectionsAnUpgradeDrops() {
        assertThat(ReadModelSchema.COLLECTIONS).containsOnlyKeys(ReadModels.ALL);
    }

    @Test
    void aNewStoreOnlyGetsTheVersion() {
        assertThat(ReadModelSchema.upgrade(database, TOKENS, NOW, PATIENCE)).isEmpty();

        assertThat(version()).isEqualTo(ReadModelSchema.VERSION);
    }

    @Test
    void aStoreWithTokensButNoVersionIsDroppedAndResetOnceAndItsKeptDocumentsAreRewrittenTyped() {
        database.getCollection("returns").insertOne(Document.parse(
                "{_id: 'R-1', returnId: 'R-1', request: {requestValue: '249.00'}, requestedAtMillis: 1}"));
        database.getCollection("ledger_entries").insertOne(new Document("_id", "R-1:refund"));
        database.getCollection(TOKENS).insertMany(List.of(
                new Document("processorName", "returns").append("segment", 0),
                new Document("processorName", "ledger").append("segment", 0),
                new Document("processorName", "not-a-read-model").append("segment", 0)));
        database.getCollection("notification-deliveries").insertOne(Document.parse("""
                {_id: 'R-1:approved', notificationId: 'R-1:approved', returnId: 'R-1',
                 requestedAt: '2026-12-06T08:42:27.984631620Z', body: '{}', status: 'FAILED', attempts: 8,
                 lastAttemptAt: '2026-12-06T08:50:00Z', lastError: 'HTTP 500', nextAttemptAt: null,
                 deliveredAt: null, recorded: false}"""));
        database.getCollection("notification-delivery-queue").insertOne(
                new Document("_id", "R-1:approved").append("dueAt", 1796546547984L));

        var upgrade = ReadModelSchema.upgrade(database, TOKENS, NOW, PATIENCE);

        assertThat(upgrade).contains(new ReadModelSchema.Upgrade(1, ReadModelSchema.VERSION, 2));
        assertThat(database.getCollection("returns").countDocuments()).isZero();
        assertThat(database.getCollection("ledger_entries").countDocuments()).isZero();
        assertThat(processorsWithTokens()).containsExactly("not-a-read-model");
        Document state = database.getCollection("notification-deliveries").find().first();
        assertThat(state.get("requestedAt")).isEqualTo(Date.from(Instant.parse("2026-12-06T08:42:27.984Z")));
        assertThat(state.get("requestedAtNanos")).isEqualTo(631_620);
        assertThat(state.get("lastAttemptAt")).isEqualTo(Date.from(Instant.parse("2026-12-06T08:50:00Z")));
        assertThat(state.get("attempts")).isEqualTo(8);
        assertThat(state.get("lastError")).isEqualTo("HTTP 500");
        assertThat(database.getCollection("notification-delivery-queue").find().first().get("dueAt"))
                .isEqualTo(new Date(1796546547984L));
        assertThat(version()).isEqualTo(ReadModelSchema.VERSION);

        assertThat(ReadModelSchema.upgrade(database, TOKENS, NOW, PATIENCE)).as("once upgraded, never again").isEmpty();
    }

    @Test
    void aStoreOfAnOlderVersionIsRebuiltEvenWithoutTokens() {
        database.getCollection(ReadModelSchema.COLLECTION).insertOne(
                new Document("_id", "read-models").append("version", 1));
        database.getCollection("returns").insertOne(new Document("_id", "R-1"));

        assertThat(ReadModelSchema.upgrade(database, TOKENS, NOW, PATIENCE))
                .contains(new ReadModelSchema.Upgrade(1, ReadModelSchema.VERSION, 0));
        assertThat(database.getCollection("returns").countDocuments()).isZero();
    }

    @Test
    void aStoreOfANewerReleaseIsNotTouched() {
        database.getCollection(ReadModelSchema.COLLECTION).insertOne(
                new Document("_id", "read-models").append("version", ReadModelSchema.VERSION + 1));
        database.getCollection("returns").insertOne(new Document("_id", "R-1"));

        assertThatThrownBy(() -> ReadModelSchema.upgrade(database, TOKENS, NOW, PATIENCE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("newer than this release");
        assertThat(database.getCollection("returns").countDocuments()).isEqualTo(1);
    }

    @Test
    void anUpgradeAnotherInstanceIsDoingIsWaitedForAndNotDoneAgain() {
        var schema = database.getCollection(ReadModelSchema.COLLECTION);
        schema.insertOne(new Document("_id", "read-models").append("version", ReadModelSchema.VERSION)
                .append("from", 1).append("upgradingSince", Date.from(NOW)));
        database.getCollection("returns").insertOne(new Document("_id", "R-1").append("written", "after its reset"));
        CompletableFuture.runAsync(() -> schema.updateOne(Filters.eq("_id", "read-models"),
                Updates.unset("upgradingSince")), CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));

        assertThat(ReadModelSchema.upgrade(database, TOKENS, NOW, PATIENCE)).isEmpty();
        assertThat(database.getCollection("returns").countDocuments()).as("nothing dropped twice").isEqualTo(1);
    }

    @Test
    void anUpgradeLeftInTheMiddleIsDoneAgainOnceThePatienceIsOver() {
        database.getCollection(ReadModelSchema.COLLECTION).insertOne(new Document("_id", "read-models")
                .append("version", ReadModelSchema.VERSION).append("from", 1).append("upgradingSince", Date.from(NOW)));
        database.getCollection("returns").insertOne(new Document("_id", "R-1"));
        database.getCollection(TOKENS).insertOne(new Document("processorName", "returns").append("segment", 0));

        assertThat(ReadModelSchema.upgrade(database, TOKENS, NOW, Duration.ZERO))
                .contains(new ReadModelSchema.Upgrade(1, ReadModelSchema.VERSION, 0));
        assertThat(database.getCollection("returns").countDocuments()).isZero();
        assertThat(processorsWithTokens()).isEmpty();
        assertThat(database.getCollection(ReadModelSchema.COLLECTION).find().first()).doesNotContainKey("upgradingSince");
    }

    @Test
    void ofTwoInstancesUpgradingAtOnceOnlyOneResets() throws Exception {
        database.getCollection(TOKENS).insertOne(new Document("processorName", "returns").append("segment", 0));
        var start = new CountDownLatch(1);
        Callable<Optional<ReadModelSchema.Upgrade>> instance = () -> {
            start.await();
            return ReadModelSchema.upgrade(database, TOKENS, NOW, PATIENCE);
        };
        var pool = Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(instance);
            var second = pool.submit(instance);
            start.countDown();
            assertThat(List.of(first.get(), second.get())).filteredOn(Optional::isPresent).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private int version() {
        return database.getCollection(ReadModelSchema.COLLECTION).find().first().getInteger("version");
    }

    private List<String> processorsWithTokens() {
        return database.getCollection(TOKENS).find().map(token -> token.getString("processorName"))
                .into(new ArrayList<>());
    }
}
