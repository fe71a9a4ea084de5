package com.jxc.returns.audit.integrity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Extends the global chain over committed events in global-index order. The order is known only after commit, and an
 * identity value may be taken by a transaction that has not committed yet: a gap in the global index holds the seal
 * back until it has been seen for {@code returns.integrity.gap-timeout} (then it is taken as a rolled-back insert and
 * sealed past). Several processes may seal at once: they compute the same rows, and the one that loses the insert
 * race simply starts again from the new head.
 */
final class EventChainSealer {

    private static final Logger log = LoggerFactory.getLogger(EventChainSealer.class);
    private static final int BATCH = 500;

    private final StoredEvents events;
    private final EventChainTable chain;
    private final TransactionTemplate transactions;
    private final long gapTimeoutNanos;
    private long gapStart = -1;
    private long gapSeenAt;

    EventChainSealer(StoredEvents events, EventChainTable chain, TransactionTemplate transactions,
                     Duration gapTimeout) {
        this.events = events;
        this.chain = chain;
        this.transactions = transactions;
        this.gapTimeoutNanos = gapTimeout.toNanos();
    }

    /** Every {@code returns.integrity.seal-interval} (scheduled by {@code IntegrityConfiguration}). */
    void sealCommittedEvents() {
        try {
            while (sealNextBatch() == BATCH) {
                // a long backlog: keep going while the batches come full
            }
        } catch (DuplicateKeyException raced) {
            log.debug("Another process sealed the same events first; continuing from its head next time");
        }
    }

    /** Seals one batch; the number of events read (sealed or not). */
    synchronized int sealNextBatch() {
        EventChainTable.Seal head = chain.head();
        long tip = head == null ? -1 : head.globalIndex();
        String chainHash = head == null ? EventHashing.GENESIS : head.chainHash();
        List<StoredEvents.Row> rows = events.afterGlobalIndex(tip, BATCH);
        var seals = new ArrayList<EventChainTable.Seal>(rows.size());
        long expected = tip + 1;
        for (StoredEvents.Row row : rows) {
            if (row.globalIndex() != expected && !gapExpired(expected)) {
                break;
            }
            chainHash = EventHashing.chainHash(chainHash, row.linkHash(), row.globalIndex());
            seals.add(new EventChainTable.Seal(row.globalIndex(), row.aggregateId(), row.sequenceNumber(),
                    row.linkHash(), chainHash));
            expected = row.globalIndex() + 1;
        }
        if (!seals.isEmpty()) {
            transactions.executeWithoutResult(status -> chain.append(seals));
        }
        return seals.size() == rows.size() ? rows.size() : 0;
    }

    private boolean gapExpired(long start) {
        long now = System.nanoTime();
        if (gapStart != start) {
            gapStart = start;
            gapSeenAt = now;
            return false;
        }
        if (now - gapSeenAt < gapTimeoutNanos) {
            return false;
        }
        log.info("Global index {} stayed empty for the gap timeout: sealing past it", start);
        return true;
    }
}
