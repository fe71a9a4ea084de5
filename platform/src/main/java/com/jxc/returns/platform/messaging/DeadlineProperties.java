package com.jxc.returns.platform.messaging;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Durable deadlines (receipt deadlines of return orders), run by db-scheduler from the event-store database.
 *
 * @param enabled         whether this instance runs due deadlines at all; a query-side instance, which holds no
 *                        aggregates, must not pick them up from the shared table
 * @param pollingInterval how often the table is looked at for due deadlines
 * @param threads         deadlines run at once by this instance
 */
@Validated
@ConfigurationProperties("returns.deadlines")
public record DeadlineProperties(@DefaultValue("true") boolean enabled,
                                 @DefaultValue("5s") Duration pollingInterval,
                                 @Positive @DefaultValue("2") int threads) {
}
