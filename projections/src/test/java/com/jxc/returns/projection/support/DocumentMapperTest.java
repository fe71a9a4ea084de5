package com.jxc.returns.projection.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentMapperTest {

    enum Kind { REFUND }

    record Line(int lineNo, BigDecimal unitPrice, long units, Instant at) {
    }

    record Sample(String id, Kind kind, String currency, BigDecimal amount, Instant requestedAt, Instant settledAt,
                  LocalDate day, Integer quantity, long count, List<Line> lines, Map<String, Integer> byKey) {
    }

    record Listed(String id, List<Instant> instants) {
    }

    private static final Instant WITH_NANOS = Instant.parse("2026-12-06T08:42:27.951113175Z");
    private static final Instant WHOLE_MILLIS = Instant.parse("2026-12-04T08:42:27.922Z");
    private static final Sample SAMPLE = new Sample("S-1", Kind.REFUND, "CNY", new BigDecimal("249.00"), WITH_NANOS,
            null, LocalDate.parse("2027-01-18"), 3, 5_000_000_000L,
            List.of(new Line(1, new BigDecimal("0.10"), 2, WHOLE_MILLIS)), Map.of("a", 1));

    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> samples;

    @BeforeEach
    void start() {
        server = new MongoServer(H2Backend.inMemory());
        client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
        samples = client.getDatabase("returns").getCollection("samples");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void amountsAreDecimal128InstantsDatesAndCountsIntegersAsStored() {
        samples.insertOne(DocumentMapper.toDocument(SAMPLE.id(), SAMPLE));
        Document stored = samples.find().first();

        assertThat(stored.get("amount")).isEqualTo(new Decimal128(new BigDecimal("249.00")));
        assertThat(stored.get("requestedAt")).isEqualTo(Date.from(Instant.parse("2026-12-06T08:42:27.951Z")));
        assertThat(stored.get("requestedAtNanos")).isEqualTo(113_175);
        assertThat(stored).containsEntry("settledAt", null).doesNotContainKey("settledAtNanos");
        assertThat(stored.get("day")).isEqualTo("2027-01-18");
        assertThat(stored.get("kind")).isEqualTo("REFUND");
        assertThat(stored.get("quantity")).isEqualTo(3);
        assertThat(stored.get("count")).isEqualTo(5_000_000_000L);
        Document line = stored.getList("lines", Document.class).get(0);
        assertThat(line.get("unitPrice")).isEqualTo(new Decimal128(new BigDecimal("0.10")));
        assertThat(line.get("units")).as("a long is an int64 whatever its value").isEqualTo(2L);
        assertThat(line.get("at")).isEqualTo(Date.from(WHOLE_MILLIS));
        assertThat(line).doesNotContainKey("atNanos");
    }

    @Test
    void aStoredDocumentReadsBackToTheSameRecordToTheNanosecondAndTheScale() {
        samples.insertOne(DocumentMapper.toDocument(SAMPLE.id(), SAMPLE));

        Sample read = DocumentMapper.fromDocument(samples.find().first(), Sample.class);

        assertThat(read).isEqualTo(SAMPLE);
        assertThat(read.amount().scale()).isEqualTo(2);
        assertThat(read.lines().get(0).unitPrice().toString()).isEqualTo("0.10");
    }

    @Test
    void aDocumentOfTheEarlierStringShapesStillReadsBackToTheSameRecord() {
        var earlier = Document.parse("""
                {"_id": "S-1", "id": "S-1", "kind": "REFUND", "currency": "CNY", "amount": "249.00",
                 "requestedAt": "2026-12-06T08:42:27.951113175Z", "settledAt": null, "day": "2027-01-18",
                 "quantity": 3, "count": 5000000000, "requestedAtMillis": 1796546547951,
                 "lines": [{"lineNo": 1, "unitPrice": "0.10", "units": 2, "at": "2026-12-04T08:42:27.922Z"}],
                 "byKey": {"a": 1}}""");
        samples.insertOne(earlier);

        assertThat(DocumentMapper.fromDocument(samples.find().first(), Sample.class)).isEqualTo(SAMPLE);
    }

    @Test
    void anInstantInAListIsRefusedRatherThanCutToTheMillisecond() {
        assertThatThrownBy(() -> DocumentMapper.toDocument("L-1", new Listed("L-1", List.of(WITH_NANOS))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instant in a list");
    }
}
