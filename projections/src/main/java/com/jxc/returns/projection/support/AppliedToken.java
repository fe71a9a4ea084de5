package com.jxc.returns.projection.support;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;

import java.util.List;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * What the stream had seen when a read-model document last changed, stored inside the document. A document fed by
 * many aggregates (a stock level, units shipped per day) cannot use one aggregate's sequence number to recognise an
 * event it already applied; the stream position can: an event is already applied when the stream had seen its
 * position then. Valid for processors with one segment, which every multi-aggregate projection uses.
 * <p>
 * Gaps are kept because an event that fills a gap arrives after events with higher indexes. They also make the
 * position of an event ambiguous: the token delivered with an event is the stream's position after it, which for an
 * event filling a gap is the (unchanged) highest index. So when the stream has since seen a position this document
 * had not (a gap filled, or given up after Axon's gap timeout) while the token's highest index had been seen, the
 * token cannot tell an event delivered again (a batch re-delivered after a crash, its head index seen before) from
 * an event that fills one of this document's gaps late; then the event's own position decides.
 */
public record AppliedToken(long index, List<Long> gaps) {

    public AppliedToken {
        gaps = gaps == null ? List.of() : List.copyOf(gaps);
    }

    public static AppliedToken of(TrackingToken token) {
        if (token instanceof GapAwareTrackingToken gapAware) {
            return new AppliedToken(gapAware.getIndex(), List.copyOf(gapAware.getGaps()));
        }
        if (token instanceof GlobalSequenceTrackingToken global) {
            return new AppliedToken(global.getGlobalIndex(), List.of());
        }
        throw new IllegalArgumentException("unsupported tracking token " + token);
    }

    /**
     * Whether the event delivered with {@code token} was already applied to this document. {@code eventPosition}
     * (the event's global index in the store) is asked only when the token alone cannot tell.
     */
    public boolean covers(TrackingToken token, LongSupplier eventPosition) {
        if (token instanceof GapAwareTrackingToken gapAware) {
            if (asToken().covers(gapAware)) {
                return true; // the stream has seen nothing since that this document had not
            }
            long head = gapAware.getIndex();
            if (head > index || gaps.contains(head)) {
                // the event is the new head, or it fills a gap the stream had when it passed the head; either way
                // this document never saw it (an event visible back then is read in order, never late, later on)
                return false;
            }
            return seen(eventPosition.getAsLong());
        }
        if (token instanceof GlobalSequenceTrackingToken global) {
            return seen(global.getGlobalIndex());
        }
        throw new IllegalArgumentException("unsupported tracking token " + token);
    }

    /**
     * After applying the event delivered with {@code token}: everything this document had seen and everything the
     * stream has seen now. Just {@code token} in order; more than it when a re-delivered batch fills a gap with an
     * event this document had not seen, so that the rest of the batch is still recognised as applied.
     */
    public AppliedToken after(TrackingToken token) {
        if (token instanceof GapAwareTrackingToken gapAware) {
            return of(asToken().upperBound(gapAware));
        }
        if (token instanceof GlobalSequenceTrackingToken global) {
            return new AppliedToken(Math.max(index, global.getGlobalIndex()), List.of());
        }
        throw new IllegalArgumentException("unsupported tracking token " + token);
    }

    private boolean seen(long position) {
        return position <= index && !gaps.contains(position);
    }

    private GapAwareTrackingToken asToken() {
        return GapAwareTrackingToken.newInstance(index, new TreeSet<>(gaps));
    }
}
