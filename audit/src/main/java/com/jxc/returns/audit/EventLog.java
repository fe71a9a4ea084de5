package com.jxc.returns.audit;

import com.jxc.returns.api.EventTable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.function.Consumer;

/**
 * Reads Axon's JDBC event table directly, for what the {@code EventStore} API does not give: an event's global
 * position (its {@code globalIndex}) and the stored bytes of payload and metadata. Read-only.
 */
@Component
public class EventLog {

    private static final String TABLE = EventTable.NAME;
    private static final String COLUMNS = "globalIndex, eventIdentifier, type, aggregateIdentifier, sequenceNumber, "
            + "timeStamp, payloadType, payloadRevision, metaData, payload";
    private static final RowMapper<StoredEvent> ROW = (rs, n) -> new StoredEvent(rs.getLong(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8),
            rs.getBytes(9), rs.getBytes(10));

    private final JdbcTemplate jdbc;

    EventLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One aggregate's events, in sequence order. */
    public List<StoredEvent> aggregate(String aggregateId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE aggregateIdentifier = ? "
                + "ORDER BY sequenceNumber", ROW, aggregateId);
    }

    /** Up to {@code limit} committed events after {@code position}, in position order. */
    public List<StoredEvent> after(long position, int limit) {
        var statement = "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE globalIndex > ? ORDER BY globalIndex";
        return jdbc.query(connection -> {
            var ps = connection.prepareStatement(statement);
            ps.setLong(1, position);
            ps.setMaxRows(limit);
            return ps;
        }, ROW);
    }

    /** Every event, in position order, one at a time (the store may be larger than memory). */
    public void forEach(Consumer<StoredEvent> consumer) {
        jdbc.query(connection -> {
            var ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE + " ORDER BY globalIndex");
            ps.setFetchSize(500);
            return ps;
        }, (RowCallbackHandler) rs -> consumer.accept(ROW.mapRow(rs, 0)));
    }

    public long count() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE, Long.class);
        return count == null ? 0 : count;
    }
}
