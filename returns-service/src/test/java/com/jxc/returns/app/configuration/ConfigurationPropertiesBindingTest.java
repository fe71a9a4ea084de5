package com.jxc.returns.app.configuration;

import com.jxc.returns.app.ClockProperties;
import com.jxc.returns.audit.EventFeedProperties;
import com.jxc.returns.audit.backup.BackupProperties;
import com.jxc.returns.edge.idempotency.IdempotencyProperties;
import com.jxc.returns.audit.integrity.IntegrityProperties;
import com.jxc.returns.platform.observability.MetricsProperties;
import com.jxc.returns.platform.storage.StorageProperties;
import com.jxc.returns.command.returnpolicy.SettlementProperties;
import com.jxc.returns.command.web.CommandProperties;
import com.jxc.returns.query.returns.WorklistProperties;
import com.jxc.returns.app.testing.TestClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typed configuration binds the property names users already have in their configurations, keeps the defaults
 * the service always had, and refuses a nonsensical value when the service starts instead of at first use.
 */
class ConfigurationPropertiesBindingTest {

    @EnableConfigurationProperties({StorageProperties.class, IntegrityProperties.class, EventFeedProperties.class,
            MetricsProperties.class, BackupProperties.class, IdempotencyProperties.class, ClockProperties.class,
            CommandProperties.class, SettlementProperties.class, WorklistProperties.class})
    static class TypedConfiguration {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(TypedConfiguration.class)
            .withPropertyValues("returns.data-dir=./data");

    @Test
    void withoutPropertiesEveryRecordHoldsTheServicesDefaults() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            var storage = started.getBean(StorageProperties.class);
            assertThat(storage.dataDir().toAbsolutePath().normalize()).isEqualTo(Path.of("data").toAbsolutePath());
            assertThat(storage.businessTimeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
            assertThat(storage.eventstore().cachedEvents()).isEqualTo(1000);
            assertThat(storage.eventstore().batchSize()).isEqualTo(500);
            assertThat(storage.eventstore().groupCommit().maxCommands()).isEqualTo(64);
            assertThat(storage.mongodb().uri()).isEmpty();
            assertThat(storage.mongodb().embeddedPort()).isZero();
            assertThat(storage.mongodb().embeddedCacheMb()).isEqualTo(8);
            assertThat(storage.tokens().claimTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(storage.command().cachedAggregates()).isEqualTo(1000);
            assertThat(started.getBean(IntegrityProperties.class)).isEqualTo(
                    new IntegrityProperties(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofHours(1), true));
            assertThat(started.getBean(EventFeedProperties.class).gapTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(started.getBean(MetricsProperties.class).capacityWindow()).isEqualTo(Duration.ofSeconds(10));
            assertThat(started.getBean(BackupProperties.class)).isEqualTo(
                    new BackupProperties(true, Duration.ofMinutes(30)));
            assertThat(started.getBean(IdempotencyProperties.class)).isEqualTo(
                    new IdempotencyProperties(Duration.ofMinutes(1), Duration.ofSeconds(15), Duration.ofDays(1)));
            // zero, unless the suite itself runs moved in time (-Dreturns.clock.offset=…, a system property)
            assertThat(started.getBean(ClockProperties.class).offset()).isEqualTo(TestClock.suiteOffset());
            assertThat(started.getBean(CommandProperties.class).commandTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(started.getBean(SettlementProperties.class).dualControlThreshold())
                    .isEqualTo(new BigDecimal("5000.00"));
            assertThat(started.getBean(WorklistProperties.class)).isEqualTo(new WorklistProperties(10_000, 500));
        });
    }

    @Test
    void thePropertyNamesOfEarlierConfigurationsStillBind() {
        context.withPropertyValues("returns.eventstore.group-commit.max-commands=8", "returns.idempotency.wait=PT3S",
                        "returns.mongodb.embedded-cache-mb=16", "returns.command.cached-aggregates=10",
                        "returns.business-time-zone=UTC", "returns.command-timeout=PT20S",
                        "returns.settlement.dual-control-threshold=800.50", "returns.worklist.recent-returns=0")
                .run(started -> {
                    var storage = started.getBean(StorageProperties.class);
                    assertThat(storage.eventstore().groupCommit().maxCommands()).isEqualTo(8);
                    assertThat(storage.mongodb().embeddedCacheMb()).isEqualTo(16);
                    assertThat(storage.command().cachedAggregates()).isEqualTo(10);
                    assertThat(storage.businessTimeZone()).isEqualTo(ZoneId.of("UTC"));
                    assertThat(started.getBean(IdempotencyProperties.class).maxWait()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(started.getBean(CommandProperties.class).commandTimeout())
                            .isEqualTo(Duration.ofSeconds(20));
                    assertThat(started.getBean(SettlementProperties.class).dualControlThreshold())
                            .isEqualTo(new BigDecimal("800.50"));
                    assertThat(started.getBean(WorklistProperties.class).recentReturns()).isZero();
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"returns.eventstore.batch-size=0", "returns.eventstore.group-commit.max-commands=0",
            "returns.mongodb.embedded-port=-1", "returns.tokens.claim-timeout=0s", "returns.integrity.seal-interval=0s",
            "returns.integrity.gap-timeout=-1s",
            "returns.integrity.verify-interval=-1s", "returns.events.gap-timeout=0s", "returns.metrics.capacity-window=0s",
            "returns.backup.rebuild-timeout=0s", "returns.idempotency.pending-lease=0s", "returns.idempotency.wait=-1s",
            "returns.command-timeout=0s", "returns.settlement.dual-control-threshold=-0.01",
            "returns.worklist.scan-limit=-1", "returns.business-time-zone=Mars/Olympus"})
    void aNonsensicalValueStopsTheStart(String property) {
        String name = property.substring(0, property.indexOf('='));
        String component = name.substring(name.lastIndexOf('.') + 1).replace("-", "");
        context.withPropertyValues(property).run(started -> assertThat(started).hasFailed()
                .getFailure().rootCause().hasMessageFindingMatch("(?si).*(" + component + "|Mars/Olympus).*"));
    }

    @Test
    void withoutADataDirectoryTheServiceDoesNotStart() {
        new ApplicationContextRunner().withUserConfiguration(TypedConfiguration.class)
                .run(started -> assertThat(started).hasFailed());
    }
}
