package com.jxc.returns.audit.backup;

/** One event as an archive line holds it: metadata and payload as the exact JSON text, the timestamp as stored. */
record ArchivedEvent(long position, String eventId, String aggregateType, String aggregateId, long sequenceNumber,
                     String type, String revision, String timestamp, String metaData, String payload) {
}
