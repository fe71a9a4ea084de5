package com.jxc.returns.api.query;

import java.time.Instant;

/**
 * The outcome of re-checking the event chains. {@code legacyEvents} were stored before chaining began and carry no
 * hash of their own (they are still covered by the global chain once sealed); {@code unsealedEvents} are committed
 * but not yet in the global chain.
 */
public record EventIntegrity(boolean verified, long eventsChecked, long aggregatesChecked, long legacyEvents,
                             long unsealedEvents, Long sealedUpTo, String sealedChainHash, long problemsFound,
                             BrokenLink firstBrokenLink, Instant checkedAt) {

    /** The first problem in global-index order. */
    public record BrokenLink(Kind kind, long globalIndex, String aggregateId, long sequenceNumber, String detail) {
    }

    public enum Kind {
        /** The stored event (payload, metadata or any other column) is not what was hashed when it was written. */
        EVENT_ALTERED,
        /** An event is gone: a sequence number is skipped, or a sealed event is no longer stored. */
        EVENT_MISSING,
        /** An event's previousHash is not the hash of the event before it in its aggregate. */
        CHAIN_MISMATCH,
        /** The hash an event claims is not the one the global chain sealed for it. */
        SEAL_MISMATCH,
        /** The sealed global chain itself was altered: a chain hash does not follow from the one before it. */
        SEAL_BROKEN,
        /** An event stands behind the head of the global chain but was never sealed: inserted afterwards. */
        UNSEALED_EVENT,
        /** The sealed chain no longer passes through the anchor given with the request. */
        ANCHOR_MISMATCH
    }
}
