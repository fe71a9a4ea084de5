package com.jxc.returns.platform.storage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Where and how the service keeps its data: the embedded stores' directory, the event store, the read-model store
 * with its tracking tokens, and the aggregate caches in front of the event store. The event store's URL and
 * credentials ({@code returns.eventstore.url}, {@code username}, {@code password}) reach the data source through
 * {@code spring.datasource.*} in {@code application.yml} and are not read here.
 *
 * @param dataDir          where the embedded stores keep their files (no default in code: {@code application.yml}
 *                         sets {@code ./data})
 * @param businessTimeZone the zone whose calendar day a return order number counts in
 */
@Validated
@ConfigurationProperties("returns")
public record StorageProperties(@NotNull Path dataDir,
                                @NotNull @DefaultValue("Asia/Shanghai") ZoneId businessTimeZone,
                                @Valid @DefaultValue EventStore eventstore,
                                @Valid @DefaultValue ReadModelStore mongodb,
                                @Valid @DefaultValue Tokens tokens,
                                @Valid @DefaultValue AggregateCaches command) {

    /**
     * @param cachedEvents recent events the embedded event store keeps for the processors that follow the head
     * @param batchSize    events read from the storage engine per query
     * @param sharedReads  one read of the stream for the read-model processors that catch up from the same place
     */
    public record EventStore(@PositiveOrZero @DefaultValue("1000") int cachedEvents,
                             @Positive @DefaultValue("500") int batchSize,
                             @Valid @DefaultValue GroupCommit groupCommit,
                             @Valid @DefaultValue SharedReads sharedReads) {
    }

    /**
     * @param windowEvents events read once and kept for every read-model processor that reads the same part of the
     *                     stream (0: each processor reads the stream on its own)
     * @param hold         how long the slowest processor may keep the others from reading on before it is let go
     *                     to read on its own
     */
    public record SharedReads(@PositiveOrZero @DefaultValue("10000") int windowEvents,
                              @NotNull @DurationMin(millis = 1) @DefaultValue("10s") Duration hold) {
    }

    /** @param maxCommands the most commands whose events are written in one database transaction */
    public record GroupCommit(@Positive @DefaultValue("64") int maxCommands) {
    }

    /**
     * @param uri             a real MongoDB; empty: the embedded server
     * @param embeddedPort    port of the embedded server (0: any free port)
     * @param embeddedCacheMb page cache of the embedded server
     * @param embeddedCommitInterval how often the embedded server writes the commands completed since its last commit
     *                               to its file: what a crash can lose (processors re-deliver it), against the cost
     *                               of a commit
     */
    public record ReadModelStore(@NotNull @DefaultValue("") String uri,
                                 @PositiveOrZero @DefaultValue("0") int embeddedPort,
                                 @Positive @DefaultValue("8") int embeddedCacheMb,
                                 @NotNull @DurationMin(millis = 1) @DefaultValue("100ms")
                                 Duration embeddedCommitInterval) {
    }

    /** @param claimTimeout a segment claimed longer ago than this may be taken by another instance */
    public record Tokens(@NotNull @DurationMin(nanos = 1) @DefaultValue("PT10S") Duration claimTimeout) {
    }

    /** @param cachedAggregates aggregates of each cached type kept in memory */
    public record AggregateCaches(@PositiveOrZero @DefaultValue("1000") int cachedAggregates) {
    }
}
