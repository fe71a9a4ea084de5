package com.jxc.returns.audit;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The event stream ({@code GET /api/events}).
 *
 * @param gapTimeout how long the feed waits for a gap in the event positions to fill before it reads past it
 */
@Validated
@ConfigurationProperties("returns.events")
public record EventFeedProperties(@NotNull @DurationMin(nanos = 1) @DefaultValue("10s") Duration gapTimeout) {
}
