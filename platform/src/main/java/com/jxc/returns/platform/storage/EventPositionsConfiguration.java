package com.jxc.returns.platform.storage;

import com.jxc.returns.api.EventTable;
import com.jxc.returns.projection.support.EventPositions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

/**
 * Positions of stored events, for the read models that recognise an event they already applied by its stream
 * position (see {@code AppliedToken}). Asked rarely: only when a gap-aware token cannot tell by itself.
 */
@Configuration(proxyBeanMethods = false)
public class EventPositionsConfiguration {

    /** Axon's JDBC event table: the global index of the row with this event identifier (a unique column). */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
    EventPositions storedEventPositions(DataSource dataSource) {
        var jdbc = new JdbcTemplate(dataSource);
        return eventIdentifier -> {
            Long position = jdbc.queryForObject("SELECT globalIndex FROM " + EventTable.NAME
                            + " WHERE eventIdentifier = ?",
                    Long.class, eventIdentifier);
            if (position == null) {
                throw new IllegalStateException("no stored event " + eventIdentifier);
            }
            return position;
        };
    }

    /** Axon Server's tokens are global sequence numbers without gaps: a token is the event's own position. */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true")
    EventPositions axonServerEventPositions() {
        return eventIdentifier -> {
            throw new IllegalStateException("a global sequence token is the event's position; none to look up");
        };
    }
}
