package com.jxc.returns.audit.integrity;

import com.jxc.returns.api.EventTable;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedMetaData;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.util.List;

/**
 * Reads the rows of Axon's JDBC event table as they are stored, in pages, in either of the two orders the table has
 * an index for: global index, or aggregate and sequence number. No upcasting, no deserialisation of payloads.
 */
final class StoredEvents {

    private static final String COLUMNS = "globalIndex, type, aggregateIdentifier, sequenceNumber, eventIdentifier, "
            + "timeStamp, payloadType, payloadRevision, payload, metaData FROM " + EventTable.NAME + " ";

    private final JdbcTemplate jdbc;
    private final Serializer eventSerializer;
    private final EventHashing hashing;
    private final RowMapper<Row> rows;

    StoredEvents(JdbcTemplate jdbc, Serializer eventSerializer, EventHashing hashing) {
        this.jdbc = jdbc;
        this.eventSerializer = eventSerializer;
        this.hashing = hashing;
        this.rows = (resultSet, rowNumber) -> row(resultSet.getLong(1), new EventHashing.StoredEvent(
                resultSet.getString(2), resultSet.getString(3), resultSet.getLong(4), resultSet.getString(5),
                resultSet.getString(6), resultSet.getString(7), resultSet.getString(8), resultSet.getBytes(9),
                metaData(resultSet.getBytes(10))));
    }

    /**
     * One stored event with its hashes: {@code storedHash} and {@code previousHash} as its metadata claims them (null
     * for an event stored before chaining began), {@code computedHash} as recomputed from what is stored now.
     */
    record Row(long globalIndex, String aggregateId, long sequenceNumber, String storedHash, String previousHash,
               String computedHash) {

        boolean legacy() {
            return storedHash == null;
        }

        /** The hash the chains link to: the stored claim, or for a legacy event the hash of what is stored. */
        String linkHash() {
            return storedHash != null ? storedHash : computedHash;
        }
    }

    List<Row> afterGlobalIndex(long globalIndex, int limit) {
        return jdbc.query("SELECT " + COLUMNS + "WHERE globalIndex > ? ORDER BY globalIndex LIMIT " + limit, rows,
                globalIndex);
    }

    /** One aggregate's events, in sequence order. */
    List<Row> ofAggregate(String aggregateId) {
        return jdbc.query("SELECT " + COLUMNS + "WHERE aggregateIdentifier = ? ORDER BY sequenceNumber", rows,
                aggregateId);
    }

    List<Row> afterAggregateEvent(String aggregateId, long sequenceNumber, int limit) {
        if (aggregateId == null) {
            return jdbc.query("SELECT " + COLUMNS + "ORDER BY aggregateIdentifier, sequenceNumber LIMIT " + limit,
                    rows);
        }
        return jdbc.query("SELECT " + COLUMNS + "WHERE aggregateIdentifier > ? OR (aggregateIdentifier = ? AND "
                        + "sequenceNumber > ?) ORDER BY aggregateIdentifier, sequenceNumber LIMIT " + limit, rows,
                aggregateId, aggregateId, sequenceNumber);
    }

    private Row row(long globalIndex, EventHashing.StoredEvent event) {
        Object stored = event.metaData().get(EventHashing.EVENT_HASH);
        Object previous = event.metaData().get(EventHashing.PREVIOUS_HASH);
        return new Row(globalIndex, event.aggregateId(), event.sequenceNumber(),
                stored == null ? null : stored.toString(), previous == null ? null : previous.toString(),
                hashing.eventHash(event));
    }

    private MetaData metaData(byte[] bytes) {
        return bytes == null ? MetaData.emptyInstance()
                : eventSerializer.deserialize(new SerializedMetaData<>(bytes, byte[].class));
    }
}
