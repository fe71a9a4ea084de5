package com.jxc.returns.platform.storage;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.axonframework.eventhandling.pooled.MaxSegmentProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shares the segments of a pooled processor fairly among the instances that run it. Each instance records a heartbeat
 * per processor in the read-model store ({@code processor-instances}); an instance may hold at most
 * {@code ceil(segments / live instances)} segments, where an instance is live while its heartbeat is younger than
 * the token claim timeout. Axon's coordinator releases what is above that share, so a newly started instance gets
 * its part, and when an instance dies its heartbeat goes stale and the others take its segments over once its claims
 * have expired. Without this, the first instance would hold every segment and the others would stay idle.
 */
public final class SegmentSharing implements AutoCloseable {

    /**
     * The heartbeats: bookkeeping of the running instances, not read-model content. A read-model rebuild never
     * touches it, and read-model snapshots leave it out.
     */
    public static final String COLLECTION = "processor-instances";
    private static final Logger log = LoggerFactory.getLogger(SegmentSharing.class);

    private final MongoCollection<Document> heartbeats;
    private final TokenStore tokenStore;
    private final Duration liveFor;
    private final Clock clock;
    private final String instance;
    private final Set<String> processors = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> fairShares = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;

    SegmentSharing(MongoDatabase database, TokenStore tokenStore, Duration claimTimeout, Clock clock) {
        this.heartbeats = database.getCollection(COLLECTION);
        this.tokenStore = tokenStore;
        this.liveFor = claimTimeout;
        this.clock = clock;
        this.instance = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "segment-sharing");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(200, claimTimeout.toMillis() / 4);
        scheduler.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    /** How many segments of {@code processor} this instance may hold; never below one. */
    MaxSegmentProvider fairShare(String processor) {
        processors.add(processor);
        return name -> fairShares.getOrDefault(name, (int) Short.MAX_VALUE);
    }

    /** Records this instance's heartbeat for every processor it runs and recomputes each fair share. */
    void beat() {
        try {
            Instant now = clock.instant();
            for (String processor : processors) {
                heartbeats.replaceOne(Filters.eq("_id", processor + "@" + instance),
                        new Document("_id", processor + "@" + instance).append("processor", processor)
                                .append("instance", instance).append("heartbeat", Date.from(now)),
                        new ReplaceOptions().upsert(true));
            }
            for (String processor : processors) {
                int live = liveInstances(processor, now);
                int segments = segments(processor);
                int share = segments <= 0 ? (int) Short.MAX_VALUE : Math.max(1, (segments + live - 1) / live);
                Integer before = fairShares.put(processor, share);
                if (before == null || before != share) {
                    log.info("Processor [{}]: {} live instance(s), {} segment(s), this instance may hold {}", processor,
                            live, segments, share);
                }
            }
        } catch (RuntimeException e) {
            // keep the last share; a read-model store that is briefly unreachable must not stop the heartbeat
            log.warn("Segment sharing heartbeat failed: {}", e.toString());
        }
    }

    private int liveInstances(String processor, Instant now) {
        Date since = Date.from(now.minus(liveFor));
        int live = 0;
        // keyed by _id prefix in memory: the embedded store uses no secondary indexes
        for (Document beat : heartbeats.find(Filters.eq("processor", processor))) {
            Date at = beat.getDate("heartbeat");
            if (at != null && !at.before(since)) {
                live++;
            }
        }
        return Math.max(1, live);
    }

    private int segments(String processor) {
        try {
            return tokenStore.fetchSegments(processor).length;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    Collection<String> processors() {
        return List.copyOf(processors);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        // leave at once, so the others need not wait for this heartbeat to go stale
        try {
            for (String processor : processors) {
                heartbeats.deleteOne(Filters.eq("_id", processor + "@" + instance));
            }
        } catch (RuntimeException e) {
            log.debug("Could not remove heartbeats on shutdown: {}", e.toString());
        }
    }
}
