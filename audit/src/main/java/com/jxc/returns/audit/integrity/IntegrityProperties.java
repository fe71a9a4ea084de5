package com.jxc.returns.audit.integrity;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Tamper evidence of the event store.
 *
 * @param sealInterval   pause between two runs of the chain sealer
 * @param gapTimeout     how long the chain sealer waits for a gap in the event positions to fill before it seals
 *                       past it
 * @param verifyInterval how often the whole store is verified in the background; zero: only at start and when asked
 * @param verifyAtStart  verify the whole store once the service is up
 */
@Validated
@ConfigurationProperties("returns.integrity")
public record IntegrityProperties(@NotNull @DurationMin(nanos = 1) @DefaultValue("1s") Duration sealInterval,
                                  @NotNull @DurationMin(nanos = 1) @DefaultValue("60s") Duration gapTimeout,
                                  @NotNull @DurationMin(nanos = 0) @DefaultValue("PT1H") Duration verifyInterval,
                                  @DefaultValue("true") boolean verifyAtStart) {
}
