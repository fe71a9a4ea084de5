package com.jxc.returns.command.web;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** @param commandTimeout how long an HTTP command waits for its handler */
@Validated
@ConfigurationProperties("returns")
public record CommandProperties(@NotNull @DurationMin(nanos = 1) @DefaultValue("PT10S") Duration commandTimeout) {
}
