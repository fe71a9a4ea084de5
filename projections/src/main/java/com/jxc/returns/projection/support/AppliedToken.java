package com.jxc.returns.projection.support;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;

import java.util.List;
import java.util.TreeSet;

/**
 * The stream position at which a read-model document was last changed, stored inside the document. A document fed
 * by many aggregates (a stock level, a customer's store credit) cannot use one aggregate's sequence number to
 * recognise an event it already applied; the stream position can: an event is already applied when the stored
 * position covers the event's position. Gaps are kept because an event that fills a gap arrives after events
 * with higher indexes. Valid for processors with one segment, which every multi-aggregate projection uses.
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

    /** True when the event at {@code token} was already seen by the stream when this document last changed. */
    public boolean covers(TrackingToken token) {
        if (token instanceof GapAwareTrackingToken gapAware) {
            return GapAwareTrackingToken.newInstance(index, new TreeSet<>(gaps)).covers(gapAware);
        }
        if (token instanceof GlobalSequenceTrackingToken global) {
            return global.getGlobalIndex() <= index;
        }
        throw new IllegalArgumentException("unsupported tracking token " + token);
    }
}
