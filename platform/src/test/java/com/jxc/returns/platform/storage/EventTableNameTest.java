package com.jxc.returns.platform.storage;

import com.jxc.returns.api.EventTable;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The event store writes the table every direct reader names, and that is the table existing stores hold. */
class EventTableNameTest {

    @Test
    void theEngineStoresEventsInTheNamedTable() {
        assertThat(EventStoreConfiguration.EVENT_SCHEMA.domainEventTable()).isEqualTo(EventTable.NAME);
    }

    @Test
    void theNameIsTheOneStoresWrittenWithAxonsDefaultSchemaHold() {
        assertThat(EventTable.NAME).isEqualTo(new EventSchema().domainEventTable());
        assertThat(EventStoreConfiguration.EVENT_SCHEMA.snapshotTable())
                .isEqualTo(new EventSchema().snapshotTable());
    }
}
