package com.jxc.returns.api.query;

import java.time.Instant;
import java.util.List;

/**
 * The events of the asked aggregates that fail verification (empty: every one passes), in global-index order, and
 * when the whole store was last verified (null: not yet since this instance started).
 */
public record EventVerification(List<EventIntegrity.BrokenLink> brokenLinks, Instant lastFullCheckAt) {

    public EventVerification {
        brokenLinks = List.copyOf(brokenLinks);
    }

    public boolean fails(long globalIndex) {
        return brokenLinks.stream().anyMatch(link -> link.globalIndex() == globalIndex);
    }
}
