package com.jxc.returns.projection.schema;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadModelSchemaTest {

    private static final String TOKENS = "trackingtokens";
    private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");

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
    void aNewStoreOnlyGetsTheVersion() {
        assertThat(ReadModelSchema.upgrade(database, TOKENS, NOW)).isEmpty();

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

        var upgrade = ReadModelSchema.upgrade(database, TOKENS, NOW);

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

        assertThat(ReadModelSchema.upgrade(database, TOKENS, NOW)).as("once upgraded, never again").isEmpty();
    }

    @Test
    void aStoreOfAnOlderVersionIsRebuiltEvenWithoutTokens() {
        database.getCollection(ReadModelSchema.COLLECTION).insertOne(
                new Document("_id", "read-models").append("version", 1));
        database.getCollection("returns").insertOne(new Document("_id", "R-1"));

        assertThat(ReadModelSchema.upgrade(database, TOKENS, NOW))
                .contains(new ReadModelSchema.Upgrade(1, ReadModelSchema.VERSION, 0));
        assertThat(database.getCollection("returns").countDocuments()).isZero();
    }

    @Test
    void aStoreOfANewerReleaseIsNotTouched() {
        database.getCollection(ReadModelSchema.COLLECTION).insertOne(
                new Document("_id", "read-models").append("version", ReadModelSchema.VERSION + 1));
        database.getCollection("returns").insertOne(new Document("_id", "R-1"));

        assertThatThrownBy(() -> ReadModelSchema.upgrade(database, TOKENS, NOW))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("newer than this release");
        assertThat(database.getCollection("returns").countDocuments()).isEqualTo(1);
    }

    private int version() {
        return database.getCollection(ReadModelSchema.COLLECTION).find().first().getInteger("version");
    }

    private List<String> processorsWithTokens() {
        return database.getCollection(TOKENS).find().map(token -> token.getString("processorName"))
                .into(new ArrayList<>());
    }
}
