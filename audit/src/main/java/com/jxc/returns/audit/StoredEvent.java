package com.jxc.returns.audit;

import java.nio.charset.StandardCharsets;

/**
 * One row of the event table as stored: the payload and metadata bytes untouched (UTF-8 JSON written by the event
 * serializer), the timestamp as the ISO text the engine wrote.
 */
public record StoredEvent(long globalIndex, String eventIdentifier, String aggregateType, String aggregateIdentifier,
                          long sequenceNumber, String timeStamp, String payloadType, String payloadRevision,
                          byte[] metaData, byte[] payload) {

    public String metaDataJson() {
        return new String(metaData, StandardCharsets.UTF_8);
    }

    public String payloadJson() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
