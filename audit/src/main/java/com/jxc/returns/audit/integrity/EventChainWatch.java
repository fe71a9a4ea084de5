package com.jxc.returns.audit.integrity;

import com.jxc.returns.api.query.EventIntegrity;
import com.jxc.returns.api.query.EventIntegrity.BrokenLink;
import com.jxc.returns.api.query.EventVerification;
import com.jxc.returns.api.query.FindEventIntegrityQuery;
import com.jxc.returns.api.query.FindEventVerificationQuery;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Verifies the whole event store in the background — once at start, then every {@code returns.integrity.verify-interval}
 * — so that tampering is found without anyone asking. The last verification (these, or one asked for with
 * {@code GET /api/audit/verify}) drives the {@code eventChain} health component (DOWN while broken), the gauge
 * {@value #PROBLEMS}, an ERROR log line naming the events that fail, and the marks on history and as-of answers.
 */
public final class EventChainWatch implements AutoCloseable {

    static final String PROBLEMS = "returns.integrity.problems";
    static final String LAST_CHECK = "returns.integrity.last.check.timestamp";
    private static final Logger log = LoggerFactory.getLogger(EventChainWatch.class);
    private static final int LOGGED_LINKS = 20;
    private static final FindEventIntegrityQuery WHOLE_STORE = new FindEventIntegrityQuery(null, null);

    private final EventChainVerifier verifier;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile EventChainVerifier.Outcome last;

    EventChainWatch(EventChainVerifier verifier, Duration interval) {
        this.verifier = verifier;
        this.interval = interval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "event-chain-watch");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        });
    }

    /** Starts verifying in the background: at once if {@code atStart}, then every interval (none if zero). */
    void start(boolean atStart) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        long period = interval.toMillis();
        if (period > 0) {
            scheduler.scheduleWithFixedDelay(this::verifyWholeStore, atStart ? 0 : period, period,
                    TimeUnit.MILLISECONDS);
        } else if (atStart) {
            scheduler.execute(this::verifyWholeStore);
        }
    }

    void bindTo(MeterRegistry registry) {
        Gauge.builder(PROBLEMS, this, watch -> watch.last == null ? Double.NaN : watch.last.report().problemsFound())
                .description("Problems the last verification of the event chains found (0: every event verified)")
                .register(registry);
        Gauge.builder(LAST_CHECK, this, watch -> watch.last == null ? Double.NaN
                        : watch.last.report().checkedAt().toEpochMilli() / 1000.0)
                .description("When the event chains were last verified").baseUnit("seconds").register(registry);
    }

    void verifyWholeStore() {
        try {
            record(verifier.verify(WHOLE_STORE));
        } catch (RuntimeException e) {
            log.warn("The event chains could not be verified: {}", e.toString());
        }
    }

    /** {@code GET /api/audit/verify}; a verification of the whole store without an anchor counts as the last one. */
    @QueryHandler
    EventIntegrity handle(FindEventIntegrityQuery query) {
        EventChainVerifier.Outcome outcome = verifier.verify(query);
        if (query.anchorIndex() == null) {
            record(outcome);
        }
        return outcome.report();
    }

    @QueryHandler
    EventVerification handle(FindEventVerificationQuery query) {
        return verify(query.aggregateIds());
    }

    /**
     * The events of these aggregates that fail verification: their own hashes and chains checked now, and what the
     * last verification of the whole store found about them (a sealed event replaced, one inserted afterwards).
     */
    public EventVerification verify(Collection<String> aggregateIds) {
        EventChainVerifier.Outcome known = last;
        Set<String> asked = Set.copyOf(aggregateIds);
        var links = new LinkedHashMap<String, BrokenLink>();
        Stream.concat(verifier.verifyAggregates(asked).stream(), known == null ? Stream.empty()
                        : known.brokenLinks().stream().filter(link -> asked.contains(link.aggregateId())))
                .sorted(Comparator.comparingLong(BrokenLink::globalIndex))
                .forEach(link -> links.putIfAbsent(link.globalIndex() + " " + link.kind(), link));
        return new EventVerification(List.copyOf(links.values()),
                known == null ? null : known.report().checkedAt());
    }

    Health health() {
        EventChainVerifier.Outcome known = last;
        if (known == null) {
            return Health.unknown().withDetail("reason", "not verified yet since this instance started").build();
        }
        EventIntegrity report = known.report();
        Health.Builder health = report.verified() ? Health.up() : Health.down();
        health.withDetail("checkedAt", report.checkedAt()).withDetail("eventsChecked", report.eventsChecked())
                .withDetail("problemsFound", report.problemsFound());
        if (report.firstBrokenLink() != null) {
            health.withDetail("firstBrokenLink", report.firstBrokenLink().kind() + " at global index "
                    + report.firstBrokenLink().globalIndex());
        }
        return health.build();
    }

    private void record(EventChainVerifier.Outcome outcome) {
        EventChainVerifier.Outcome before = last;
        last = outcome;
        EventIntegrity report = outcome.report();
        if (!report.verified()) {
            log.error("Event chains broken: {} problem(s) in {} stored events; the events that fail verification:\n{}",
                    report.problemsFound(), report.eventsChecked(), outcome.brokenLinks().stream()
                            .limit(LOGGED_LINKS).map(EventChainWatch::describe).collect(Collectors.joining("\n"))
                            + (report.problemsFound() > LOGGED_LINKS ? "\n  … and more: GET /api/audit/verify" : ""));
        } else if (before != null && !before.report().verified()) {
            log.warn("Event chains verified again: {} stored events, no problem", report.eventsChecked());
        } else {
            log.debug("Event chains verified: {} stored events", report.eventsChecked());
        }
    }

    private static String describe(BrokenLink link) {
        return "  " + link.kind() + " at global index " + link.globalIndex() + " (aggregate " + link.aggregateId()
                + ", sequence number " + link.sequenceNumber() + "): " + link.detail();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
