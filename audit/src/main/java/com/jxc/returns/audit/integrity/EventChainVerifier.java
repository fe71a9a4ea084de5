package com.jxc.returns.audit.integrity;

import com.jxc.returns.api.query.EventIntegrity;
import com.jxc.returns.api.query.EventIntegrity.BrokenLink;
import com.jxc.returns.api.query.EventIntegrity.Kind;
import com.jxc.returns.api.query.FindEventIntegrityQuery;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Re-reads every stored event twice, page by page (memory stays bounded by a page): in aggregate order to recompute
 * each event's hash from the stored bytes and walk each aggregate's chain, and in global order alongside the sealed
 * chain to check that every sealed event is still there, unchanged, and that the chain itself recomputes.
 */
final class EventChainVerifier {

    private static final int PAGE = 500;
    static final int RECORDED_LINKS = 1000;

    private final StoredEvents events;
    private final EventChainTable chain;
    private final Clock clock;

    EventChainVerifier(StoredEvents events, EventChainTable chain, Clock clock) {
        this.events = events;
        this.chain = chain;
        this.clock = clock;
    }

    /**
     * What one verification found: the report, and the broken links behind it in global-index order (at most
     * {@value #RECORDED_LINKS}; the report counts them all).
     */
    record Outcome(EventIntegrity report, List<BrokenLink> brokenLinks) {
    }

    Outcome verify(FindEventIntegrityQuery query) {
        var findings = new Findings();
        // the head first: every event it covers was committed before any page below is read
        EventChainTable.Seal head = chain.head();
        var aggregates = checkAggregateChains(findings);
        long unsealed = checkGlobalChain(head, query, findings);
        var report = new EventIntegrity(findings.first == null, aggregates.events, aggregates.aggregates,
                aggregates.legacy, unsealed, head == null ? null : head.globalIndex(),
                head == null ? null : head.chainHash(), findings.count, findings.first, clock.instant());
        return new Outcome(report, findings.links());
    }

    /**
     * The events of these aggregates that fail their own checks now: the stored bytes against their hash, and the
     * aggregate's chain. What only the global chain can tell (a sealed event replaced or inserted) is not seen here.
     */
    List<BrokenLink> verifyAggregates(Collection<String> aggregateIds) {
        var findings = new Findings();
        for (String aggregateId : new TreeSet<>(aggregateIds)) {
            var walk = new AggregateWalk(findings);
            events.ofAggregate(aggregateId).forEach(walk::check);
        }
        return findings.links();
    }

    private static final class Counts {
        long events;
        long aggregates;
        long legacy;
    }

    private Counts checkAggregateChains(Findings findings) {
        var counts = new Counts();
        var rows = new Cursor<StoredEvents.Row>(last -> last == null ? events.afterAggregateEvent(null, 0, PAGE)
                : events.afterAggregateEvent(last.aggregateId(), last.sequenceNumber(), PAGE));
        var walk = new AggregateWalk(findings);
        for (StoredEvents.Row row = rows.next(); row != null; row = rows.next()) {
            counts.events++;
            if (walk.check(row)) {
                counts.aggregates++;
            }
            if (row.legacy()) {
                counts.legacy++;
            }
        }
        return counts;
    }

    /** Walks events in aggregate and sequence order, checking each against its hash and its aggregate's chain. */
    private static final class AggregateWalk {
        private final Findings findings;
        private String aggregate;
        private long expectedSequence;
        private String previousHash = EventHashing.GENESIS;

        AggregateWalk(Findings findings) {
            this.findings = findings;
        }

        /** Checks the next event; true when it begins another aggregate. */
        boolean check(StoredEvents.Row row) {
            boolean first = !row.aggregateId().equals(aggregate);
            if (first) {
                aggregate = row.aggregateId();
                expectedSequence = 0;
                previousHash = EventHashing.GENESIS;
            }
            if (!row.legacy() && !row.storedHash().equals(row.computedHash())) {
                findings.add(Kind.EVENT_ALTERED, row, "what is stored for this event no longer hashes to its "
                        + "eventHash " + row.storedHash());
            }
            if (row.sequenceNumber() != expectedSequence) {
                findings.add(Kind.EVENT_MISSING, row, row.sequenceNumber() == expectedSequence + 1
                        ? "event " + expectedSequence + " of this aggregate is missing"
                        : "events " + expectedSequence + " to " + (row.sequenceNumber() - 1)
                        + " of this aggregate are missing");
            } else if (!row.legacy() && !previousHash.equals(row.previousHash())) {
                findings.add(Kind.CHAIN_MISMATCH, row, "previousHash " + row.previousHash()
                        + " is not the hash of the event before it, " + previousHash);
            }
            expectedSequence = row.sequenceNumber() + 1;
            previousHash = row.linkHash();
            return first;
        }
    }

    /** The number of committed events the seal has not reached yet. */
    private long checkGlobalChain(EventChainTable.Seal head, FindEventIntegrityQuery query, Findings findings) {
        long sealedUpTo = head == null ? -1 : head.globalIndex();
        var rows = new Cursor<StoredEvents.Row>(last -> events.afterGlobalIndex(
                last == null ? -1 : last.globalIndex(), PAGE));
        var seals = new Cursor<EventChainTable.Seal>(last -> chain.after(
                last == null ? -1 : last.globalIndex(), sealedUpTo, PAGE));
        String chainHash = EventHashing.GENESIS;
        boolean anchorSeen = false;
        long unsealed = 0;
        while (rows.peek() != null || seals.peek() != null) {
            StoredEvents.Row row = rows.peek();
            EventChainTable.Seal seal = seals.peek();
            if (seal == null || (row != null && row.globalIndex() < seal.globalIndex())) {
                rows.next();
                if (row.globalIndex() <= sealedUpTo) {
                    findings.add(Kind.UNSEALED_EVENT, row, "stored behind the head of the global chain ("
                            + sealedUpTo + ") but never sealed");
                } else {
                    unsealed++;
                }
                continue;
            }
            seals.next();
            String expected = EventHashing.chainHash(chainHash, seal.eventHash(), seal.globalIndex());
            if (!expected.equals(seal.chainHash())) {
                findings.add(Kind.SEAL_BROKEN, seal, "the sealed chain hash does not follow from the one before it");
            }
            chainHash = seal.chainHash();
            if (query.anchorIndex() != null && seal.globalIndex() == query.anchorIndex()) {
                anchorSeen = true;
                if (!seal.chainHash().equals(query.anchorHash()) || !expected.equals(query.anchorHash())) {
                    findings.add(Kind.ANCHOR_MISMATCH, seal, "the chain hash here is " + seal.chainHash()
                            + ", not the anchor " + query.anchorHash());
                }
            }
            if (row == null || row.globalIndex() > seal.globalIndex()) {
                findings.add(Kind.EVENT_MISSING, seal, "sealed event " + seal.eventHash() + " is no longer stored");
                continue;
            }
            rows.next();
            if (!row.linkHash().equals(seal.eventHash()) || !row.aggregateId().equals(seal.aggregateId())
                    || row.sequenceNumber() != seal.sequenceNumber()) {
                findings.add(Kind.SEAL_MISMATCH, row, "sealed as " + seal.aggregateId() + "#"
                        + seal.sequenceNumber() + " with hash " + seal.eventHash() + ", stored as "
                        + row.aggregateId() + "#" + row.sequenceNumber() + " with hash " + row.linkHash());
            }
        }
        if (query.anchorIndex() != null && !anchorSeen) {
            findings.add(new BrokenLink(Kind.ANCHOR_MISMATCH, query.anchorIndex(), null, -1,
                    "the global chain has no sealed event at the anchor's index"));
        }
        return unsealed;
    }

    /** Every problem counts; the one reported is the first in global-index order. */
    private static final class Findings {
        long count;
        BrokenLink first;
        private final List<BrokenLink> recorded = new ArrayList<>();

        void add(Kind kind, StoredEvents.Row row, String detail) {
            add(new BrokenLink(kind, row.globalIndex(), row.aggregateId(), row.sequenceNumber(), detail));
        }

        void add(Kind kind, EventChainTable.Seal seal, String detail) {
            add(new BrokenLink(kind, seal.globalIndex(), seal.aggregateId(), seal.sequenceNumber(), detail));
        }

        void add(BrokenLink link) {
            count++;
            if (first == null || link.globalIndex() < first.globalIndex()) {
                first = link;
            }
            if (recorded.size() < RECORDED_LINKS) {
                recorded.add(link);
            }
        }

        List<BrokenLink> links() {
            return recorded.stream().sorted(Comparator.comparingLong(BrokenLink::globalIndex)).toList();
        }
    }

    /** Walks a keyset-paged query: each page starts after the last item of the one before. */
    private static final class Cursor<T> {
        private final Function<T, List<T>> pageAfter;
        private List<T> page = List.of();
        private int position;
        private T last;
        private boolean exhausted;

        Cursor(Function<T, List<T>> pageAfter) {
            this.pageAfter = pageAfter;
        }

        T peek() {
            if (position == page.size()) {
                if (exhausted) {
                    return null;
                }
                page = pageAfter.apply(last);
                position = 0;
                exhausted = page.size() < PAGE;
                if (page.isEmpty()) {
                    return null;
                }
            }
            return page.get(position);
        }

        T next() {
            T item = peek();
            if (item != null) {
                position++;
                last = item;
            }
            return item;
        }
    }
}
