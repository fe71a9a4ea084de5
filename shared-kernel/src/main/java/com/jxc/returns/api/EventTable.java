package com.jxc.returns.api;

/**
 * The relational table that holds the stored events (Axon's JDBC event table). The event store creates it under this
 * name; the audit trail, backup and the benchmark read it directly. Existing stores hold their events under this
 * name, so it never changes.
 */
public final class EventTable {

    public static final String NAME = "DomainEventEntry";

    private EventTable() {
    }
}
