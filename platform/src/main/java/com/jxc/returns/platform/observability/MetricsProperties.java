package com.jxc.returns.platform.observability;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** @param capacityWindow window of the processor and bus capacity meters */
@Validated
@ConfigurationProperties("returns.metrics")
public record MetricsProperties(@NotNull @DurationMin(nanos = 1) @DefaultValue("PT10S") Duration capacityWindow) {
}
