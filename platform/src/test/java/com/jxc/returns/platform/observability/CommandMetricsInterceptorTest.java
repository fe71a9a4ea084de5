package com.jxc.returns.platform.observability;

import com.jxc.returns.api.common.RuleViolation;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands are counted by outcome so that {@code failed} means the service failed: a business refusal and the
 * caller's mistakes (an invalid value, an unknown target, a stale version, a concurrent change, an id used twice) are
 * counted apart from it.
 */
class CommandMetricsInterceptorTest {

    record ApproveSomethingCommand(String id) {
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CommandMetricsInterceptor interceptor = new CommandMetricsInterceptor(registry);

    @Test
    void aCommandWhoseEventsCommitIsAccepted() {
        handle(message -> "ok", null);
        assertThat(count("accepted")).isEqualTo(1);
    }

    @Test
    void aBusinessRuleSayingNoIsARefusalCountedByRule() {
        handle(message -> {
            throw RuleViolation.conflict("return-not-awaiting-review", "not awaiting review");
        }, null);
        assertThat(count("refused")).isEqualTo(1);
        assertThat(registry.get(CommandMetricsInterceptor.REFUSALS).tag("rule", "return-not-awaiting-review")
                .counter().count()).isEqualTo(1.0);
        assertThat(count("failed")).isZero();
    }

    @Test
    void theCallersMistakesAreClientErrorsNotFailures() {
        List<RuntimeException> mistakes = List.of(
                new IllegalArgumentException("quantity must be positive"),                    // 400
                new AggregateNotFoundException("R-404", "no such return"),                    // 404
                new ConcurrencyException("changed at the same moment"),                       // 409
                new ConflictingAggregateVersionException("R-1", 3, 5));                       // 412
        for (RuntimeException mistake : mistakes) {
            handle(message -> {
                throw mistake;
            }, null);
        }
        assertThat(count("client_error")).isEqualTo(mistakes.size());
        assertThat(count("failed")).isZero();
    }

    @Test
    void anIdUsedTwiceFoundAtCommitIsAClientError() {
        handle(message -> "ok", new EventStoreException("Cannot reuse aggregate identifier [SO-1] to create aggregate"));
        assertThat(count("client_error")).isEqualTo(1);
        assertThat(count("accepted")).isZero();
        assertThat(count("failed")).isZero();
    }

    @Test
    void whatTheServiceGotWrongIsAFailure() {
        handle(message -> {
            throw new IllegalStateException("the store is gone");
        }, null);
        handle(message -> "ok", new EventStoreException("An event for aggregate [R-1] could not be stored"));
        assertThat(count("failed")).isEqualTo(2);
        assertThat(count("client_error")).isZero();
    }

    @Test
    void theCommandTimerPublishesHistogramBucketsForPercentilesComputedInPrometheus() {
        var prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var measured = new CommandMetricsInterceptor(prometheus);
        handle(measured, message -> "ok", null);
        assertThat(prometheus.scrape().lines().filter(line -> line.startsWith("returns_commands_seconds_bucket{")
                && line.contains("outcome=\"accepted\"")))
                .as(prometheus.scrape()).hasSizeGreaterThan(10)
                .anyMatch(line -> line.contains("le=\"+Inf\""));
    }

    /** Handles one command through the interceptor; {@code commitFailure}, if given, makes the commit fail. */
    private void handle(MessageHandler<CommandMessage<?>> handler, RuntimeException commitFailure) {
        handle(interceptor, handler, commitFailure);
    }

    private static void handle(CommandMetricsInterceptor interceptor, MessageHandler<CommandMessage<?>> handler,
                               RuntimeException commitFailure) {
        CommandMessage<?> command = GenericCommandMessage.asCommandMessage(new ApproveSomethingCommand("R-1"));
        DefaultUnitOfWork<CommandMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(command);
        if (commitFailure != null) {
            unitOfWork.onPrepareCommit(u -> {
                throw commitFailure;
            });
        }
        unitOfWork.executeWithResult(() ->
                new DefaultInterceptorChain<>(unitOfWork, List.of(interceptor), handler).proceed());
    }

    private long count(String outcome) {
        Timer timer = registry.find(CommandMetricsInterceptor.COMMANDS)
                .tags("command", "CommandMetricsInterceptorTest$ApproveSomethingCommand", "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
