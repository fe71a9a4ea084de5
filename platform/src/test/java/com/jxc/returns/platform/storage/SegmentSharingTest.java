package com.jxc.returns.platform.storage;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Fair shares of a processor's segments from the instances' heartbeats. */
class SegmentSharingTest {

    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;
    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private final TokenStore tokens = mock(TokenStore.class);
    private final List<SegmentSharing> instances = new ArrayList<>();

    @BeforeEach
    void start() {
        server = EmbeddedMongoServer.start(dataDir, 0);
        client = MongoClients.create(server.connectionString("returns"));
        database = client.getDatabase("returns");
        when(tokens.fetchSegments("returns")).thenReturn(new int[]{0, 1});
        when(tokens.fetchSegments("ledger")).thenReturn(new int[]{0});
    }

    @AfterEach
    void stop() {
        instances.forEach(SegmentSharing::close);
        client.close();
        server.close();
    }

    @Test
    void twoLiveInstancesHoldOneOfTwoSegmentsEach() {
        var clock = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);
        var first = instance(clock);
        var second = instance(clock);
        var firstShare = first.fairShare("returns");
        var secondShare = second.fairShare("returns");
        assertThat(firstShare.getMaxSegments("returns")).as("before any heartbeat: no limit")
                .isEqualTo(Short.MAX_VALUE);

        first.beat();
        assertThat(firstShare.getMaxSegments("returns")).as("alone").isEqualTo(2);
        second.beat();
        first.beat();
        assertThat(firstShare.getMaxSegments("returns")).isEqualTo(1);
        assertThat(secondShare.getMaxSegments("returns")).isEqualTo(1);
    }

    @Test
    void aSingleSegmentStaysWithOneInstance() {
        var clock = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);
        var first = instance(clock);
        var second = instance(clock);
        var share = first.fairShare("ledger");
        second.fairShare("ledger");
        first.beat();
        second.beat();
        first.beat();
        assertThat(share.getMaxSegments("ledger")).isEqualTo(1);
    }

    @Test
    void aDeadInstanceStopsCountingOnceItsHeartbeatIsOlderThanTheClaimTimeout() {
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        var dead = instance(Clock.fixed(now, ZoneOffset.UTC));
        dead.fairShare("returns");
        dead.beat();

        var survivor = instance(Clock.fixed(now.plus(CLAIM_TIMEOUT).minusSeconds(1), ZoneOffset.UTC));
        var share = survivor.fairShare("returns");
        survivor.beat();
        assertThat(share.getMaxSegments("returns")).as("the other heartbeat is still fresh").isEqualTo(1);

        var later = instance(Clock.fixed(now.plus(CLAIM_TIMEOUT).plusSeconds(1), ZoneOffset.UTC));
        var laterShare = later.fairShare("returns");
        survivor.close();
        later.beat();
        assertThat(laterShare.getMaxSegments("returns")).as("the dead instance's heartbeat went stale").isEqualTo(2);
    }

    @Test
    void anInstanceThatStopsLeavesAtOnce() {
        var clock = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);
        var leaving = instance(clock);
        var staying = instance(clock);
        leaving.fairShare("returns");
        var share = staying.fairShare("returns");
        leaving.beat();
        staying.beat();
        assertThat(share.getMaxSegments("returns")).isEqualTo(1);
        leaving.close();
        staying.beat();
        assertThat(share.getMaxSegments("returns")).isEqualTo(2);
    }

    private SegmentSharing instance(Clock clock) {
        var sharing = new SegmentSharing(database, tokens, CLAIM_TIMEOUT, clock);
        instances.add(sharing);
        return sharing;
    }
}
