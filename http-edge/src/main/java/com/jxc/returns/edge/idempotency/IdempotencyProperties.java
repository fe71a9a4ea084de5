package com.jxc.returns.edge.idempotency;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The {@code Idempotency-Key} of command requests.
 *
 * @param pendingLease how long a started request owns its key before another may take it over (longer than any
 *                     command may run)
 * @param maxWait         how long a second request with the same key waits for the first
 * @param retention    how long keys and their responses are kept
 */
@Validated
@ConfigurationProperties("returns.idempotency")
public record IdempotencyProperties(@NotNull @DurationMin(nanos = 1) @DefaultValue("PT1M") Duration pendingLease,
                                    // the property is returns.idempotency.wait; a record component may not be named wait
                                    @Name("wait") @NotNull @DurationMin(nanos = 0) @DefaultValue("PT15S") Duration maxWait,
                                    @NotNull @DurationMin(nanos = 1) @DefaultValue("P1D") Duration retention) {
}
