package com.jxc.returns.projection.support;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentBatchTest {

    private record Counter(String id, int count) {
        static Counter of(Document document) {
            return new Counter(document.getString("_id"), document.getInteger("count"));
        }

        Document toDocument() {
            return new Document("_id", id).append("count", count);
        }
    }

    private MongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private MongoCollection<Document> counters;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = new MongoServer(H2Backend.inMemory());
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + server.bind().getPort()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        commands.add(event.getCommandName());
                    }
                })
                .build());
        database = client.getDatabase("returns");
        counters = database.getCollection("counters");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aBatchReadsEachDocumentOnceDecodesItOnceAndWritesItOnceWhenItCommits() {
        counters.insertOne(new Counter("a", 10).toDocument());
        List<EventMessage<String>> events = List.of(event("a"), event("b"), event("a"), event("b"), event("a"));
        var decodes = new AtomicInteger();
        var seenBeforeCommit = new ArrayList<Long>();

        var unitOfWork = new BatchingUnitOfWork<>(events);
        unitOfWork.execute(() -> {
            String id = unitOfWork.getMessage().getPayload();
            DocumentBatch batch = DocumentBatch.current(database);
            batch.prefetchForBatch("counters", payload -> List.of((String) payload));
            Counter counter = batch.find("counters", id, document -> {
                decodes.incrementAndGet();
                return Counter.of(document);
            }).orElse(new Counter(id, 0));
            batch.put("counters", id, new Counter(id, counter.count() + 1), Counter::toDocument);
            seenBeforeCommit.add(counters.countDocuments());
        });

        assertThat(decodes).as("stored documents decoded").hasValue(1);
        assertThat(seenBeforeCommit).as("nothing written before the batch commits").containsOnly(1L);
        assertThat(Counter.of(counters.find(Filters.eq("_id", "a")).first())).isEqualTo(new Counter("a", 13));
        assertThat(Counter.of(counters.find(Filters.eq("_id", "b")).first())).isEqualTo(new Counter("b", 2));
    }

    @Test
    void aDocumentThatAppearedAfterTheBatchSawItAbsentIsReplacedNotDuplicated() {
        var unitOfWork = new BatchingUnitOfWork<>(List.of(event("c")));
        unitOfWork.execute(() -> {
            DocumentBatch batch = DocumentBatch.current(database);
            assertThat(batch.find("counters", "c", Counter::of)).isEmpty();
            counters.insertOne(new Counter("c", 99).toDocument());
            batch.put("counters", "c", new Counter("c", 1), Counter::toDocument);
        });

        assertThat(counters.countDocuments()).isEqualTo(1);
        assertThat(Counter.of(counters.find().first())).isEqualTo(new Counter("c", 1));
    }

    @Test
    void aDocumentAnEventCreatesIsInsertedWithoutReadingAndReplacedWhenTheEventIsHandledAgain() {
        commands.clear();
        putNewInABatch(new Document("_id", "posting-1").append("amount", 5));
        assertThat(commands).as("one insert, no read, no upsert").containsExactly("insert");

        commands.clear();
        putNewInABatch(new Document("_id", "posting-1").append("amount", 5).append("again", true));
        assertThat(commands).as("the insert fails on the existing document, then one upsert")
                .containsExactly("insert", "update");
        assertThat(counters.find().into(new ArrayList<>()))
                .containsExactly(new Document("_id", "posting-1").append("amount", 5).append("again", true));
    }

    @Test
    void aDocumentEqualToTheOneTheBatchReadIsNotWrittenAgain() {
        counters.insertOne(new Counter("f", 3).toDocument());
        commands.clear();

        var unitOfWork = new BatchingUnitOfWork<>(List.of(event("f"), event("g")));
        unitOfWork.execute(() -> {
            DocumentBatch batch = DocumentBatch.current(database);
            batch.prefetchForBatch("counters", payload -> List.of((String) payload));
            String id = unitOfWork.getMessage().getPayload();
            batch.put("counters", new Counter(id, 3).toDocument());
        });

        assertThat(commands).as("one read for the batch, then only the new document written")
                .containsExactly("find", "insert");
        assertThat(counters.countDocuments()).isEqualTo(2);
    }

    record Priced(String id, BigDecimal amount, Instant at, LocalDate day, Integer maybe, List<String> tags) {
    }

    @Test
    void aRecordEncodedAsTheOneTheBatchReadIsNotWrittenAgainAndReadsBackTheSame() {
        var priced = new Priced("p", new BigDecimal("249.00"), Instant.parse("2026-12-06T08:42:27.951113175Z"),
                LocalDate.parse("2027-01-18"), null, List.of("a", "b"));
        new BatchingUnitOfWork<>(List.of(event("p"))).execute(() ->
                DocumentBatch.current(database).putRecord("priced", "p", priced));
        commands.clear();

        var again = new BatchingUnitOfWork<>(List.of(event("p")));
        again.execute(() -> {
            DocumentBatch batch = DocumentBatch.current(database);
            batch.prefetchForBatch("priced", payload -> List.of((String) payload));
            assertThat(batch.find("priced", "p", document -> DocumentMapper.fromDocument(document, Priced.class)))
                    .contains(priced);
            batch.putRecord("priced", "p", priced);
        });

        assertThat(commands).as("the server gives back the bytes written: nothing to write").containsExactly("find");
        assertThat(database.getCollection("priced").find().first())
                .isEqualTo(DocumentMapper.toDocument("p", priced));
    }

    @Test
    void aFailedBatchWritesNothing() {
        var unitOfWork = new BatchingUnitOfWork<>(List.of(event("d")));
        ResultMessage<Object> result = unitOfWork.executeWithResult(() -> {
            DocumentBatch.current(database).put("counters", "d", new Counter("d", 1), Counter::toDocument);
            throw new IllegalStateException("handler failed");
        });

        assertThat(result.exceptionResult()).isInstanceOf(IllegalStateException.class);
        assertThat(counters.countDocuments()).isZero();
    }

    @Test
    void outsideAUnitOfWorkEveryChangeIsWrittenAtOnce() {
        DocumentBatch.current(database).put("counters", "e", new Counter("e", 5), Counter::toDocument);

        assertThat(DocumentBatch.current(database).find("counters", "e", Counter::of)).contains(new Counter("e", 5));
    }

    @Test
    void aBatchThatHasWrittenReadsTheStoreAgain() {
        DocumentBatch writingThrough = DocumentBatch.current(database);
        writingThrough.put("counters", "f", new Counter("f", 1), Counter::toDocument);
        counters.replaceOne(Filters.eq("_id", "f"), new Counter("f", 2).toDocument());

        assertThat(writingThrough.find("counters", "f", Counter::of)).contains(new Counter("f", 2));
    }

    private void putNewInABatch(Document document) {
        new BatchingUnitOfWork<>(List.of(event(document.getString("_id"))))
                .execute(() -> DocumentBatch.current(database).putNew("counters", document));
    }

    private static EventMessage<String> event(String id) {
        return GenericEventMessage.asEventMessage(id);
    }
}
