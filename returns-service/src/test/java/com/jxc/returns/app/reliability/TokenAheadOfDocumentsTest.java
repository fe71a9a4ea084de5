package com.jxc.returns.app.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.jxc.returns.app.readmodels.ReadModelSnapshot;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.platform.storage.TokenJournal;
import com.jxc.returns.platform.storage.TokensAheadOfDocumentsCheck;
import com.jxc.returns.projection.support.ReadModels;
import com.mongodb.client.MongoDatabase;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static com.jxc.returns.app.reliability.ReliabilityScenarios.ok;
import static com.jxc.returns.app.reliability.ReliabilityScenarios.settledReturn;
import static com.jxc.returns.app.testing.ServiceChecks.awaitCaughtUp;
import static com.jxc.returns.app.testing.ServiceChecks.returnsNotAsTheirEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The torn states a crash can leave between a batch's documents and its token, written through the driver with
 * every read-model processor stopped, and what the service makes of each when its processors start again. The
 * batch: everything the read models did for one settled return (documents before it, tokens before and after it).
 * <ul>
 * <li>Token ahead of its documents (a store that kept the token and lost the documents written before it): the
 * start-up check moves every token back to the one before the batch, the {@code readStore} health entry names each
 * segment, the batch is delivered again and the read models equal a rebuild.</li>
 * <li>Crash after the token, before the journal was cleared: the token is moved back as well (the check cannot tell
 * this from the first case) and the batch is applied a second time without changing anything.</li>
 * <li>Crash after the documents, before the token: nothing to repair; the batch is delivered again anyway.</li>
 * </ul>
 */
@ServiceTest
class TokenAheadOfDocumentsTest extends ServiceOverHttp {

    private static final Duration CLAIM = Duration.ofSeconds(30);

    @Autowired
    MongoDatabase database;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    TokenStore tokenStore;
    @Autowired
    TokenJournal journal;
    @Autowired
    TokensAheadOfDocumentsCheck check;

    private int orders;

    /** The read models and tokens before and after one settled return, with the processors stopped. */
    private record Batch(String returnId, Map<String, List<Document>> documentsBefore,
                         Map<String, TrackingToken> tokensBefore, Map<String, List<Document>> documentsAfter,
                         Map<String, TrackingToken> tokensAfter) {
    }

    /** A failed test must not leave the next one with stopped processors. */
    @AfterEach
    void processorsRunning() {
        ReadModels.ALL.stream().map(this::processor).filter(processor -> !processor.isRunning())
                .forEach(StreamingEventProcessor::start);
    }

    @Test
    void aTokenAheadOfItsDocumentsIsMovedBackAtStartAndTheBatchIsDeliveredAgain() {
        Batch batch = lastBatch("TA");
        assertThat(database.getCollection(TokenJournal.COLLECTION).find(new Document("_id", "returns/0")).first())
                .as("the processor journals its batches, and cleared the last one").isNotNull()
                .doesNotContainKey("pending");
        restoreDocuments(batch.documentsBefore());
        recordInFlight(batch);
        long repairsBefore = repairs().size();

        check.run();

        List<String> all = repairs();
        List<String> repaired = all.subList((int) repairsBefore, all.size());
        for (String processor : ReadModels.ALL) {
            TrackingToken after = batch.tokensAfter().get(processor + "/0");
            if (!after.equals(batch.tokensBefore().get(processor + "/0"))) {
                String expected = "tokens: " + processor + "/0: token moved back from position "
                        + after.position().orElseThrow() + " to position "
                        + batch.tokensBefore().get(processor + "/0").position().orElseThrow();
                assertThat(repaired).as("repairs named in the readStore health entry")
                        .anySatisfy(line -> assertThat(line).contains(expected));
            }
        }
        assertThat(repaired).as("the return's own read model was behind").isNotEmpty()
                .anyMatch(line -> line.contains("tokens: returns/0:"));
        assertThat(journal.allPending()).isEmpty();
        assertThat(returnsNotAsTheirEvents(http, List.of(batch.returnId())))
                .as("the documents of the batch are missing").singleElement().asString().contains(": 404 ");

        startProcessors();
        awaitCaughtUp(http);

        assertThat(http.get("/api/returns/" + batch.returnId(), "cs").json().path("state").asText())
                .isEqualTo("SETTLED");
        assertThat(returnsNotAsTheirEvents(http, List.of(batch.returnId()))).isEmpty();
        assertThat(ReadModelSnapshot.of(database)).isEqualTo(batch.documentsAfter());
        assertEqualToACleanRebuild();
    }

    /**
     * What a rebuild of every read model in one pass leaves when the instance stops before the hand-over: documents
     * the pass wrote, up to the whole stream, while each read model's token is still the reset one (a replay from the
     * start). The processors handle the whole stream again over those documents and change nothing.
     */
    @Test
    void documentsAWholeStreamAheadOfTheirResetTokensAreReplayedOverUnchanged() {
        Batch batch = lastBatch("TR");
        batch.tokensAfter().forEach((segment, token) ->
                storeToken(segment, ReplayToken.createReplayToken(token, null)));

        startProcessors();
        awaitCaughtUp(http);

        assertThat(ReadModelSnapshot.of(database)).as("the whole stream applied twice, changed once")
                .isEqualTo(batch.documentsAfter());
        assertEqualToACleanRebuild();
    }

    @Test
    void aCrashAfterTheTokenBeforeTheJournalWasClearedDeliversTheBatchAgainHarmlessly() {
        Batch batch = lastBatch("TB");
        recordInFlight(batch); // the documents and tokens of the batch are all stored

        // no start-up check here: a processor claiming its segment checks it as well
        startProcessors();
        awaitCaughtUp(http);

        assertThat(repairs()).anyMatch(line -> line.contains("tokens: returns/0: token moved back"));
        assertThat(journal.allPending()).isEmpty();
        assertThat(ReadModelSnapshot.of(database)).as("applied twice, changed once").isEqualTo(batch.documentsAfter());
        assertEqualToACleanRebuild();
    }

    @Test
    void aCrashAfterTheDocumentsBeforeTheTokenNeedsNoRepair() {
        Batch batch = lastBatch("TC");
        batch.tokensBefore().forEach((segment, token) -> storeToken(segment, token));
        recordInFlight(batch);
        long repairsBefore = repairs().size();

        check.run();

        assertThat(repairs()).hasSize((int) repairsBefore);
        assertThat(journal.allPending()).isEmpty();
        startProcessors();
        awaitCaughtUp(http);
        assertThat(ReadModelSnapshot.of(database)).isEqualTo(batch.documentsAfter());
        assertEqualToACleanRebuild();
    }

    /**
     * A settled return before the batch; then, with the processors stopped, documents and tokens; then the batch (a
     * second settled return) handled; then, with the processors stopped again, documents and tokens once more.
     */
    private Batch lastBatch(String prefix) {
        ok(lifecycle.receivePurchase(Orders.purchaseReceipt("PO-" + prefix + ++orders).line("SKU-1", 50, "100.00")),
                "receipt");
        settledReturn(lifecycle, "SO-" + prefix + "-1");
        awaitCaughtUp(http);
        stopProcessors();
        var documentsBefore = rawDocuments();
        var tokensBefore = tokens();
        startProcessors();
        String returnId = settledReturn(lifecycle, "SO-" + prefix + "-2");
        awaitCaughtUp(http);
        stopProcessors();
        return new Batch(returnId, documentsBefore, tokensBefore, ReadModelSnapshot.of(database), tokens());
    }

    /** As a processor writes it before the batch's documents: each segment's token before and after the batch. */
    private void recordInFlight(Batch batch) {
        batch.tokensAfter().forEach((segment, after) -> {
            if (after.equals(batch.tokensBefore().get(segment))) {
                return; // this processor's token did not move with the batch
            }
            String[] processorAndSegment = segment.split("/");
            journal.recordPending(processorAndSegment[0], Integer.parseInt(processorAndSegment[1]), true,
                    batch.tokensBefore().get(segment), after);
        });
    }

    private void stopProcessors() {
        for (String name : ReadModels.ALL) {
            StreamingEventProcessor processor = processor(name);
            // a processor shut down before it claimed its segment may never claim it again
            await().atMost(CLAIM).until(() -> !processor.processingStatus().isEmpty());
            // the claims are released when the shutdown completes: waited for, so that no release lands on a claim
            // this test takes afterwards
            processor.shutdownAsync().join();
            await().atMost(CLAIM).until(() -> !processor.isRunning() && processor.processingStatus().isEmpty());
        }
    }

    private void startProcessors() {
        ReadModels.ALL.forEach(name -> processor(name).start());
    }

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow();
    }

    /** Every segment's stored token, by {@code processor/segment}; the processors are stopped. */
    private Map<String, TrackingToken> tokens() {
        Map<String, TrackingToken> tokens = new HashMap<>();
        for (String name : ReadModels.ALL) {
            for (int segment : tokenStore.fetchSegments(name)) {
                tokens.put(name + "/" + segment, tokenStore.fetchToken(name, segment));
                tokenStore.releaseClaim(name, segment);
            }
        }
        return tokens;
    }

    /**
     * Stores the token under a claim of this instance. The processors share the instance's owner name, so a release
     * of theirs that lands late (seen once in CI for policy-versions) takes the claim from under the store; then the
     * claim is taken and the token stored again.
     */
    private void storeToken(String segment, TrackingToken token) {
        String[] processorAndSegment = segment.split("/");
        int id = Integer.parseInt(processorAndSegment[1]);
        await("token stored for " + segment).atMost(CLAIM).ignoreException(UnableToClaimTokenException.class)
                .until(() -> {
                    tokenStore.fetchToken(processorAndSegment[0], id);
                    tokenStore.storeToken(token, processorAndSegment[0], id);
                    tokenStore.releaseClaim(processorAndSegment[0], id);
                    return true;
                });
    }

    /** Every read-model document as stored, bookkeeping included. */
    private Map<String, List<Document>> rawDocuments() {
        Map<String, List<Document>> collections = new HashMap<>();
        for (String name : readModelCollections()) {
            collections.put(name, database.getCollection(name).find().into(new ArrayList<>()));
        }
        return collections;
    }

    /** The read models as they were: what a store that lost the batch's documents (and kept its token) holds. */
    private void restoreDocuments(Map<String, List<Document>> documents) {
        for (String name : readModelCollections()) {
            database.getCollection(name).deleteMany(new Document());
            List<Document> before = documents.getOrDefault(name, List.of());
            if (!before.isEmpty()) {
                database.getCollection(name).insertMany(before);
            }
        }
    }

    private TreeSet<String> readModelCollections() {
        var names = new TreeSet<String>();
        database.listCollectionNames().forEach(names::add);
        names.removeAll(ReadModelSnapshot.NOT_REBUILT);
        return names;
    }

    /** The readStore health entry's latest repairs, as the operator sees them. */
    private List<String> repairs() {
        JsonNode readStore = http.get("/actuator/health", "admin").json().path("components").path("readStore");
        List<String> lines = new ArrayList<>();
        readStore.path("details").path("latestRepairs").forEach(line -> lines.add(line.asText()));
        return lines;
    }

    private void assertEqualToACleanRebuild() {
        Map<String, List<Document>> live = ReadModelSnapshot.of(database);
        for (String readModel : ReadModels.ALL) {
            assertThat(http.post("/api/admin/read-models/" + readModel + "/rebuild", "admin", "").status())
                    .isEqualTo(202);
        }
        awaitCaughtUp(http);
        Map<String, List<Document>> rebuilt = ReadModelSnapshot.of(database);
        assertThat(rebuilt.keySet()).isEqualTo(live.keySet());
        live.forEach((collection, documents) -> assertThat(rebuilt.get(collection)).as(collection)
                .isEqualTo(documents));
    }
}
