package com.jxc.returns.audit.backup;

import com.jxc.returns.api.EventTable;
import com.jxc.returns.audit.integrity.EventChainTable;
import com.jxc.returns.platform.storage.RelationalSchema;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The SQL of a restore: the one place outside Axon that writes the event table (rows keep their archived positions),
 * and the tables and sequence that must follow the events it brings back.
 */
@Component
class RestoreTables {

    private static final String INSERT = "INSERT INTO " + EventTable.NAME + " (globalIndex, eventIdentifier, type, "
            + "aggregateIdentifier, sequenceNumber, timeStamp, payloadType, payloadRevision, metaData, payload) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;

    RestoreTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Removes an event a new installation stored for itself, with the chain that sealed it. */
    void removeOwnEvent(String eventIdentifier) {
        jdbc.update("DELETE FROM " + EventTable.NAME + " WHERE eventIdentifier = ?", eventIdentifier);
        // its seal in the tamper-evident global chain goes with it: the import's events are sealed afresh
        jdbc.update("DELETE FROM " + EventChainTable.NAME);
    }

    void insert(List<ArchivedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(INSERT, events.stream().map(event -> new Object[]{event.position(), event.eventId(),
                event.aggregateType(), event.aggregateId(), event.sequenceNumber(), event.timestamp(), event.type(),
                event.revision(), event.metaData().getBytes(StandardCharsets.UTF_8),
                event.payload().getBytes(StandardCharsets.UTF_8)}).toList());
    }

    /**
     * New events and return order numbers continue after the imported ones. DDL, so after the commit (H2 would
     * commit the import's transaction on it); both statements can be repeated safely.
     */
    void continueAfter(long lastPosition, long lastReturnOrderSerial) {
        jdbc.execute("ALTER TABLE " + EventTable.NAME + " ALTER COLUMN globalIndex RESTART WITH " + (lastPosition + 1));
        if (lastReturnOrderSerial > 0) {
            jdbc.execute("ALTER SEQUENCE " + RelationalSchema.RETURN_ORDER_SEQUENCE + " RESTART WITH "
                    + (lastReturnOrderSerial + 1));
        }
    }
}
