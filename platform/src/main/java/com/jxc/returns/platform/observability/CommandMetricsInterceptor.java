package com.jxc.returns.platform.observability;

import com.jxc.returns.api.common.RuleViolation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.validation.ConstraintViolationException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures every handled command: {@value #COMMANDS} (a timer with histogram buckets: rate and latency percentiles)
 * tagged with the command's simple name and its {@link Outcome}, and {@value #REFUSALS} (a counter) tagged with the
 * command and the refused rule's stable name. A refusal is logged at INFO. Only {@code failed} is the service's own
 * failure; what the caller got wrong is counted apart, so an alert on failures does not fire on client mistakes.
 */
class CommandMetricsInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    static final String COMMANDS = "returns.commands";
    static final String REFUSALS = "returns.commands.refused";
    private static final Logger log = LoggerFactory.getLogger(CommandMetricsInterceptor.class);

    private final MeterRegistry registry;
    /** The registered timers by command and outcome: registering looks the meter up, under a lock, every time. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    CommandMetricsInterceptor(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        String command = simpleName(unitOfWork.getMessage().getCommandName());
        long started = System.nanoTime();
        Object result;
        try {
            result = interceptorChain.proceed();
        } catch (RuleViolation refused) {
            record(command, Outcome.REFUSED, started);
            Counter.builder(REFUSALS).description("Commands refused by a business rule")
                    .tag("command", command).tag("rule", refused.rule())
                    .tag("kind", refused.isConflict() ? "conflict" : "invalid")
                    .register(registry).increment();
            log.info("{} refused: {} ({})", command, refused.rule(), refused.getMessage());
            throw refused;
        } catch (Exception | Error failure) {
            record(command, Outcome.of(failure), started);
            throw failure;
        }
        // the events are stored when the unit of work commits, after the handler returned
        unitOfWork.afterCommit(u -> record(command, Outcome.ACCEPTED, started));
        unitOfWork.onRollback(u -> record(command, Outcome.of(u.getExecutionResult() == null ? null
                : u.getExecutionResult().getExceptionResult()), started));
        return result;
    }

    /** What became of a command, as the {@code outcome} tag. */
    enum Outcome {
        /** Its events were committed. */
        ACCEPTED("accepted"),
        /** A business rule said no (HTTP 409 or 422 with a rule name). */
        REFUSED("refused"),
        /**
         * The caller's mistake or stale view (HTTP 400, 404, 409, 412): an invalid value, an unknown target, an id used
         * before, a version that moved on, a concurrent change.
         */
        CLIENT_ERROR("client_error"),
        /** The service failed (HTTP 5xx): anything not known to be the caller's doing. */
        FAILED("failed");

        final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }

        /** Classified as {@code ProblemHandler} answers the failure over HTTP. */
        static Outcome of(Throwable failure) {
            if (failure == null) {
                return FAILED;
            }
            if (failure instanceof RuleViolation) {
                return REFUSED;
            }
            if (failure instanceof IllegalArgumentException || failure instanceof AggregateNotFoundException
                    || failure instanceof ConflictingAggregateVersionException || failure instanceof ConcurrencyException
                    || failure instanceof JSR303ViolationException || failure instanceof ConstraintViolationException
                    || causedBy(failure, AggregateStreamCreationException.class) || reusedIdentifier(failure)) {
                return CLIENT_ERROR;
            }
            return FAILED;
        }

        private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
            return find(failure, type) != null;
        }

        /** The event store refuses a second first event for an aggregate id (a create command sent twice). */
        private static boolean reusedIdentifier(Throwable failure) {
            EventStoreException store = find(failure, EventStoreException.class);
            return store != null && String.valueOf(store.getMessage()).startsWith("Cannot reuse aggregate identifier");
        }

        private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
            Throwable cause = failure;
            for (int depth = 0; cause != null && depth < 20; depth++, cause = cause.getCause()) {
                if (type.isInstance(cause)) {
                    return type.cast(cause);
                }
            }
            return null;
        }
    }

    private void record(String command, Outcome outcome, long started) {
        timers.computeIfAbsent(command + ' ' + outcome.tag, key -> Timer.builder(COMMANDS)
                        .description("Handled commands by type and outcome")
                        .tag("command", command).tag("outcome", outcome.tag)
                        .publishPercentileHistogram()
                        .register(registry))
                .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static String simpleName(String commandName) {
        return commandName.substring(commandName.lastIndexOf('.') + 1);
    }
}
