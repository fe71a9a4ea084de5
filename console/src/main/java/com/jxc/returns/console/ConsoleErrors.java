package com.jxc.returns.console;

import org.springframework.context.annotation.Profile;
import com.jxc.returns.api.common.RuleViolation;
import jakarta.validation.ConstraintViolationException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * Turns a refused command into a sentence for the user, in their language: business rules by their stable rule name
 * ({@code rule.<name>} in the messages), with the service's own detail (quantities, line numbers) kept beside it.
 */
@Profile("!command")
@Component
class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

    private final MessageSource messages;

    ConsoleErrors(MessageSource messages) {
        this.messages = messages;
    }

    /** What the user should read; never a stack trace or a class name. */
    Message explain(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof RuleViolation violation) {
            String text = text("rule." + violation.rule(), null);
            return new Message(text == null ? text("error.rule", violation.rule()) : text, violation.getMessage(),
                    violation.rule());
        }
        if (cause instanceof ConstraintViolationException invalid) {
            // the API's own limits on a form the console turned into an API request: field path and message
            return new Message(text("error.invalid", null), invalid.getConstraintViolations().stream()
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage()).sorted()
                    .collect(Collectors.joining("; ")), "invalid-value");
        }
        if (cause instanceof IllegalArgumentException || cause instanceof JSR303ViolationException) {
            return new Message(text("error.invalid", null), cause.getMessage(), "invalid-value");
        }
        if (cause instanceof ConcurrencyException) {
            return new Message(text("error.concurrent", null), null, "concurrent-modification");
        }
        if (cause instanceof AggregateNotFoundException) {
            return new Message(text("error.notFound", null), null, "not-found");
        }
        if (cause instanceof NoHandlerForCommandException) {
            return new Message(text("error.unavailable", null), null, "unavailable");
        }
        log.error("Console action failed", failure);
        return new Message(text("error.unexpected", null), null, "internal");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; depth < 10 && current != null; depth++) {
            if (current instanceof CommandExecutionException execution
                    && execution.getDetails().orElse(null) instanceof RuleViolation violation) {
                return violation;
            }
            if ((current instanceof CommandExecutionException || current instanceof CompletionException
                    || current instanceof ExecutionException) && current.getCause() != null) {
                current = current.getCause();
                continue;
            }
            return current;
        }
        return current;
    }

    private String text(String key, String argument) {
        return messages.getMessage(key, argument == null ? null : new Object[]{argument}, null,
                LocaleContextHolder.getLocale());
    }

    /** {@code text} in the user's language, {@code detail} as the service said it (may be null). */
    record Message(String text, String detail, String code) {
    }
}
