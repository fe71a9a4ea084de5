package com.jxc.returns.platform.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read store's own checks (index against documents, tokens against what their batches wrote): which run now and
 * what they repaired. While one runs, the read store is out of service; every repair is logged at WARN and kept for
 * the {@code readStore} health entry.
 */
public final class ReadStoreChecks {

    private static final Logger log = LoggerFactory.getLogger(ReadStoreChecks.class);
    private static final int KEPT_REPAIRS = 100;

    /** One repair: which check made it, what it repaired, and when. */
    public record Repair(String check, String what, Instant at) {
    }

    /** A check in progress; closing it ends it. */
    public interface Running extends AutoCloseable {
        @Override
        void close();
    }

    private final Clock clock;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final List<Repair> repairs = new ArrayList<>();
    private long repairCount;

    public ReadStoreChecks(Clock clock) {
        this.clock = clock;
    }

    /** Marks {@code check} as running until the returned handle is closed. */
    public Running start(String check) {
        if (!running.add(check)) {
            throw new IllegalStateException("read-store check " + check + " is already running");
        }
        log.info("Read-store check {} started", check);
        return () -> {
            running.remove(check);
            log.info("Read-store check {} finished", check);
        };
    }

    /** Records that {@code check} repaired {@code what}, with a WARN line. */
    public void repaired(String check, String what) {
        log.warn("Read-store check {} repaired: {}", check, what);
        synchronized (repairs) {
            repairCount++;
            repairs.add(new Repair(check, what, clock.instant()));
            if (repairs.size() > KEPT_REPAIRS) {
                repairs.remove(0);
            }
        }
    }

    public Set<String> running() {
        return Set.copyOf(running);
    }

    /** The latest repairs (at most a hundred), oldest first. */
    public List<Repair> repairs() {
        synchronized (repairs) {
            return List.copyOf(repairs);
        }
    }

    public long repairCount() {
        synchronized (repairs) {
            return repairCount;
        }
    }
}
