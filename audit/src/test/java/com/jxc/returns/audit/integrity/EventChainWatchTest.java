package com.jxc.returns.audit.integrity;

import com.jxc.returns.api.query.EventIntegrity;
import com.jxc.returns.api.query.EventIntegrity.BrokenLink;
import com.jxc.returns.api.query.EventIntegrity.Kind;
import com.jxc.returns.api.query.FindEventIntegrityQuery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The whole store is verified again every interval, and each verification sets health and gauge. */
class EventChainWatchTest {

    private static final BrokenLink ALTERED = new BrokenLink(Kind.EVENT_ALTERED, 7, "R-1", 2, "altered");

    private final EventChainVerifier verifier = mock(EventChainVerifier.class);
    private final AtomicReference<EventChainVerifier.Outcome> next = new AtomicReference<>(outcome(null));

    EventChainWatchTest() {
        when(verifier.verify(any(FindEventIntegrityQuery.class))).thenAnswer(call -> next.get());
    }

    @Test
    void verifiesOnScheduleAndTheLastVerificationDrivesHealthAndGauge() {
        var registry = new SimpleMeterRegistry();
        try (var watch = new EventChainWatch(verifier, Duration.ofMillis(100))) {
            watch.bindTo(registry);
            assertThat(watch.health().getStatus()).isEqualTo(Status.UNKNOWN);
            watch.start(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> watch.health().getStatus().equals(Status.UP));
            assertThat(registry.get(EventChainWatch.PROBLEMS).gauge().value()).isZero();

            next.set(outcome(ALTERED));
            await().atMost(Duration.ofSeconds(5)).until(() -> watch.health().getStatus().equals(Status.DOWN));
            assertThat(registry.get(EventChainWatch.PROBLEMS).gauge().value()).isEqualTo(1.0);
            assertThat(watch.health().getDetails()).containsEntry("firstBrokenLink", "EVENT_ALTERED at global index 7");

            next.set(outcome(null));
            await().atMost(Duration.ofSeconds(5)).until(() -> watch.health().getStatus().equals(Status.UP));
            verify(verifier, atLeast(3)).verify(any(FindEventIntegrityQuery.class));
        }
    }

    @Test
    void withoutAnIntervalItVerifiesOnlyAtStart() {
        try (var watch = new EventChainWatch(verifier, Duration.ZERO)) {
            watch.start(true);
            verify(verifier, timeout(5_000)).verify(any(FindEventIntegrityQuery.class));
            await("no second verification").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> org.mockito.Mockito.mockingDetails(verifier).getInvocations().size() == 1);
        }
        try (var off = new EventChainWatch(mock(EventChainVerifier.class), Duration.ZERO)) {
            off.start(false);
            await("no verification").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> off.health().getStatus().equals(Status.UNKNOWN));
        }
    }

    private static EventChainVerifier.Outcome outcome(BrokenLink broken) {
        return new EventChainVerifier.Outcome(new EventIntegrity(broken == null, 10, 3, 0, 0, 9L, "h",
                broken == null ? 0 : 1, broken, Instant.now()),
                broken == null ? List.of() : List.of(broken));
    }
}
