package com.jxc.returns.audit.integrity;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * The sealed global chain, in the event store's database: one row per sealed event, in global-index order, each
 * carrying the running hash over all sealed events up to it. Created by the event store's schema migrations
 * (platform, {@code db/event-store}).
 */
public final class EventChainTable {

    public static final String NAME = "event_chain";

    private final JdbcTemplate jdbc;

    EventChainTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Seal(long globalIndex, String aggregateId, long sequenceNumber, String eventHash, String chainHash) {
    }

    /** The last sealed event, if any. */
    Seal head() {
        List<Seal> head = jdbc.query(select() + "ORDER BY global_index DESC LIMIT 1", EventChainTable::seal);
        return head.isEmpty() ? null : head.get(0);
    }

    List<Seal> after(long globalIndex, long upTo, int limit) {
        return jdbc.query(select() + "WHERE global_index > ? AND global_index <= ? ORDER BY global_index LIMIT "
                + limit, EventChainTable::seal, globalIndex, upTo);
    }

    void append(List<Seal> seals) {
        jdbc.batchUpdate("INSERT INTO " + NAME + " (global_index, aggregate_identifier, sequence_number, event_hash, "
                        + "chain_hash) VALUES (?, ?, ?, ?, ?)", seals, seals.size(),
                (statement, seal) -> {
                    statement.setLong(1, seal.globalIndex());
                    statement.setString(2, seal.aggregateId());
                    statement.setLong(3, seal.sequenceNumber());
                    statement.setString(4, seal.eventHash());
                    statement.setString(5, seal.chainHash());
                });
    }

    private static String select() {
        return "SELECT global_index, aggregate_identifier, sequence_number, event_hash, chain_hash FROM " + NAME + " ";
    }

    private static Seal seal(java.sql.ResultSet row, int rowNumber) throws java.sql.SQLException {
        return new Seal(row.getLong(1), row.getString(2), row.getLong(3), row.getString(4), row.getString(5));
    }
}
