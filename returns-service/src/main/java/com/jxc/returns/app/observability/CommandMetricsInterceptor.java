package com.jxc.returns.app.observability;

import com.jxc.returns.api.common.RuleViolation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures every handled command: {@value #COMMANDS} (a timer: rate and latency) tagged with the command's simple
 * name and its outcome — {@code accepted} (its events committed), {@code refused} (a business rule said no) or
 * {@code failed} (anything else, e.g. a concurrent change that is then retried) — and {@value #REFUSALS} (a counter)
 * tagged with the command and the refused rule's stable name. A refusal is logged at INFO.
 */
class CommandMetricsInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    static final String COMMANDS = "returns.commands";
    static final String REFUSALS = "returns.commands.refused";
    private static final Logger log = LoggerFactory.getLogger(CommandMetricsInterceptor.class);

    private final MeterRegistry registry;

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
            record(command, "refused", started);
            Counter.builder(REFUSALS).description("Commands refused by a business rule")
                    .tag("command", command).tag("rule", refused.rule())
                    .tag("kind", refused.isConflict() ? "conflict" : "invalid")
                    .register(registry).increment();
            log.info("{} refused: {} ({})", command, refused.rule(), refused.getMessage());
            throw refused;
        } catch (Exception | Error failure) {
            record(command, "failed", started);
            throw failure;
        }
        // the events are stored when the unit of work commits, after the handler returned
        unitOfWork.afterCommit(u -> record(command, "accepted", started));
        unitOfWork.onRollback(u -> record(command, "failed", started));
        return result;
    }

    private void record(String command, String outcome, long started) {
        Timer.builder(COMMANDS).description("Handled commands by type and outcome")
                .tag("command", command).tag("outcome", outcome)
                .register(registry).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static String simpleName(String commandName) {
        return commandName.substring(commandName.lastIndexOf('.') + 1);
    }
}
