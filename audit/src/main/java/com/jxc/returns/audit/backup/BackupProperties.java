package com.jxc.returns.audit.backup;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The backup commands ({@code export}, {@code import}) run from the command line.
 *
 * @param exit           end the process when the command is done (tests run it inside their own JVM and keep it)
 * @param rebuildTimeout how long an import waits for every read model to be rebuilt from the archive
 */
@Validated
@ConfigurationProperties("returns.backup")
public record BackupProperties(@DefaultValue("true") boolean exit,
                               @NotNull @DurationMin(nanos = 1) @DefaultValue("30m") Duration rebuildTimeout) {
}
