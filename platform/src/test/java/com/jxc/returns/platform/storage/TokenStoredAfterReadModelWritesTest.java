package com.jxc.returns.platform.storage;

import com.jxc.returns.platform.health.ReadStoreChecks;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The token journal around a batch, and the move back of a token that a crash left ahead of its documents, on the
 * embedded store with the real Mongo token store.
 */
class TokenStoredAfterReadModelWritesTest {

    private static final String PROCESSOR = "returns";
    private static final TrackingToken BEFORE = GapAwareTrackingToken.newInstance(40, Set.of(38L));
    private static final TrackingToken AFTER = GapAwareTrackingToken.newInstance(57, Set.of(38L));

    @TempDir
    Path dataDir;
    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private final Serializer serializer = JacksonSerializer.defaultSerializer();
    private final ReadStoreChecks checks = new ReadStoreChecks(Clock.systemUTC());
    private TokenJournal journal;
    private TokenStore tokens;

    @BeforeEach
    void start() {
        server = EmbeddedMongoServer.start(dataDir, 0);
        client = MongoClients.create(server.connectionString("returns"));
        database = client.getDatabase("returns");
        journal = new TokenJournal(database, serializer);
        tokens = tokenStore("this-instance");
        tokens.initializeTokenSegments(PROCESSOR, 2, BEFORE);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private TokenStore tokenStore(String owner) {
        return new TokenStoredAfterReadModelWrites(mongoTokenStore(owner), journal, checks);
    }

    private MongoTokenStore mongoTokenStore(String owner) {
        return MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database).build())
                .serializer(serializer).nodeId(owner).claimTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void aBatchRecordsItsTokensBeforeItsDocumentsAndClearsThemAfterItsToken() {
        assertThat(tokens.fetchToken(PROCESSOR, 0)).isEqualTo(BEFORE);
        AtomicReference<TokenJournal.Entry> whileDocumentsAreWritten = new AtomicReference<>();
        AtomicReference<TrackingToken> storedWhileDocumentsAreWritten = new AtomicReference<>();
        var batch = DefaultUnitOfWork.startAndGet(null);
        // the processor asks for its token first; the documents are flushed in later prepare-commit handlers
        batch.onPrepareCommit(u -> tokens.storeToken(AFTER, PROCESSOR, 0));
        batch.onPrepareCommit(u -> {
            whileDocumentsAreWritten.set(journal.pending(PROCESSOR, 0).orElse(null));
            storedWhileDocumentsAreWritten.set(mongoTokenStore("this-instance").fetchToken(PROCESSOR, 0));
        });
        batch.commit();

        assertThat(whileDocumentsAreWritten.get()).isEqualTo(new TokenJournal.Entry(PROCESSOR, 0, true, BEFORE, AFTER));
        assertThat(storedWhileDocumentsAreWritten.get()).as("token while the documents are written").isEqualTo(BEFORE);
        assertThat(mongoTokenStore("this-instance").fetchToken(PROCESSOR, 0)).isEqualTo(AFTER);
        assertThat(journal.pending(PROCESSOR, 0)).as("cleared once the token is stored").isEmpty();
        assertThat(journal.allPending()).isEmpty();
        assertThat(checks.repairCount()).isZero();
    }

    @Test
    void aStoredTokenEqualToTheBatchInFlightIsMovedBackWhenTheSegmentIsClaimed() {
        tornState(AFTER);

        assertThat(tokens.fetchToken(PROCESSOR, 0)).as("the processor starts before the batch").isEqualTo(BEFORE);

        assertThat(mongoTokenStore("this-instance").fetchToken(PROCESSOR, 0)).isEqualTo(BEFORE);
        assertThat(journal.allPending()).isEmpty();
        assertThat(checks.repairs()).singleElement().satisfies(repair -> {
            assertThat(repair.check()).isEqualTo("tokens");
            assertThat(repair.what()).startsWith("returns/0: token moved back from position 57 to position 40");
        });
        assertThat(tokens.fetchToken(PROCESSOR, 1)).as("the other segment is untouched").isEqualTo(BEFORE);
    }

    @Test
    void aTokenNotStoredYetIsLeftAsItIs() {
        tornState(BEFORE); // crashed after the journal, before the token: the batch is delivered again anyway

        assertThat(tokens.fetchToken(PROCESSOR, 0)).isEqualTo(BEFORE);
        assertThat(journal.allPending()).isEmpty();
        assertThat(checks.repairCount()).isZero();
    }

    @Test
    void theStartUpCheckRepairsWhatNoOtherInstanceHoldsAndLeavesAClaimedSegmentToItsNextClaim() {
        tornState(AFTER);
        tokenAheadOn(1);
        // another instance (alive, or killed before its claim expired) holds segment 1
        mongoTokenStore("other-instance").fetchToken(PROCESSOR, 1);

        new TokensAheadOfDocumentsCheck(journal, tokens, checks).run();

        assertThat(checks.running()).isEmpty();
        assertThat(checks.repairs()).extracting(ReadStoreChecks.Repair::what)
                .singleElement().asString().startsWith("returns/0: token moved back");
        assertThat(mongoTokenStore("third-instance").fetchToken(PROCESSOR, 0)).as("released after the check")
                .isEqualTo(BEFORE);
        assertThat(journal.allPending()).extracting(TokenJournal.Entry::segment).containsExactly(1);
        assertThatThrownBy(() -> tokens.fetchToken(PROCESSOR, 1)).isInstanceOf(UnableToClaimTokenException.class);

        mongoTokenStore("other-instance").releaseClaim(PROCESSOR, 1);
        assertThat(tokens.fetchToken(PROCESSOR, 1)).as("checked when claimed").isEqualTo(BEFORE);
        assertThat(checks.repairCount()).isEqualTo(2);
    }

    @Test
    void aResetClearsTheBatchInFlight() {
        tornState(AFTER);
        TrackingToken reset = GapAwareTrackingToken.newInstance(-1, Set.of());

        mongoTokenStore("this-instance").fetchToken(PROCESSOR, 0);
        tokens.storeToken(reset, PROCESSOR, 0); // outside a batch: a rebuild resetting the token

        assertThat(journal.allPending()).isEmpty();
        assertThat(tokens.fetchToken(PROCESSOR, 0)).isEqualTo(reset);
        assertThat(checks.repairCount()).isZero();
    }

    /** Segment 0 after a crash: the journal names the batch BEFORE → AFTER, the token store holds {@code stored}. */
    private void tornState(TrackingToken stored) {
        var store = mongoTokenStore("killed-instance");
        store.fetchToken(PROCESSOR, 0);
        store.storeToken(stored, PROCESSOR, 0);
        store.releaseClaim(PROCESSOR, 0);
        journal.recordPending(PROCESSOR, 0, true, BEFORE, AFTER);
    }

    private void tokenAheadOn(int segment) {
        var store = mongoTokenStore("killed-instance");
        store.fetchToken(PROCESSOR, segment);
        store.storeToken(AFTER, PROCESSOR, segment);
        store.releaseClaim(PROCESSOR, segment);
        journal.recordPending(PROCESSOR, segment, true, BEFORE, AFTER);
    }
}
