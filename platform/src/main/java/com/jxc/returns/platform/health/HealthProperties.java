package com.jxc.returns.platform.health;

import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxProcessorLag events a read model may be behind the head of the event stream before the instance reports
 *                        itself not ready (readiness {@code OUT_OF_SERVICE}) until it has caught up
 */
@Validated
@ConfigurationProperties("returns.health")
public record HealthProperties(@PositiveOrZero @DefaultValue("1000") long maxProcessorLag) {
}
