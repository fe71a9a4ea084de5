package com.jxc.returns.app;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * @param offset moves the service's clock by this much (training installations, and the test suite, which runs with
 *               the clock moved to prove it does not depend on the day it runs)
 */
@Validated
@ConfigurationProperties("returns.clock")
public record ClockProperties(@NotNull @DefaultValue("PT0S") Duration offset) {
}
