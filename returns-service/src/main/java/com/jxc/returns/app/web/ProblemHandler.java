package com.jxc.returns.app.web;

import com.jxc.returns.api.common.RuleViolation;
import jakarta.validation.ConstraintViolationException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns every failure into a problem document. Nothing internal (stack traces, class names, SQL) reaches a client:
 * details come only from exceptions whose messages are written for users.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(RuleViolation.class)
    ProblemDetail ruleViolation(RuleViolation violation) {
        var problem = Problems.of(violation.isConflict() ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_ENTITY,
                "rule-violation", violation.getMessage());
        problem.setProperty("rule", violation.rule());
        return problem;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalidValue(IllegalArgumentException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-value", e.getMessage());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        var problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "The request has invalid values.");
        problem.setProperty("errors", e.getConstraintViolations().stream()
                .map(v -> Map.of("field", String.valueOf(v.getPropertyPath()), "message", v.getMessage()))
                .toList());
        return problem;
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail notFound(AggregateNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "No such " + "item" + ": " + e.getAggregateIdentifier());
    }

    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail concurrentChange(ConcurrencyException e) {
        return Problems.of(HttpStatus.CONFLICT, "concurrent-modification",
                "Someone else changed this at the same moment; read it again and retry.");
    }

    /** If-Match named a version the aggregate has moved on from: nothing was stored. */
    @ExceptionHandler(ConflictingAggregateVersionException.class)
    ResponseEntity<Object> staleVersion(ConflictingAggregateVersionException e) {
        var problem = Problems.of(HttpStatus.PRECONDITION_FAILED, "stale-version",
                "This was changed since version " + e.getExpectedVersion() + " (it is at version "
                        + e.getActualVersion() + "); read it again and decide on the current state.");
        problem.setProperty("expectedVersion", e.getExpectedVersion());
        problem.setProperty("currentVersion", e.getActualVersion());
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED).eTag("\"" + e.getActualVersion() + "\"")
                .body(problem);
    }

    @ExceptionHandler({CommandExecutionException.class, QueryExecutionException.class, CompletionException.class,
            ExecutionException.class})
    ResponseEntity<Object> wrapped(Exception e, WebRequest request) throws Exception {
        Throwable cause = e.getCause();
        if (e instanceof CommandExecutionException execution && execution.getDetails().orElse(null) instanceof
                RuleViolation violation) {
            cause = violation;
        }
        if (cause instanceof Exception inner && cause != e) {
            return handle(inner, request);
        }
        return unexpected(e);
    }

    @ExceptionHandler(NoHandlerForCommandException.class)
    ResponseEntity<Object> noCommandHandler(NoHandlerForCommandException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                        "This instance does not handle commands; send them to a command-side instance."));
    }

    @ExceptionHandler(NoHandlerForQueryException.class)
    ResponseEntity<Object> noQueryHandler(NoHandlerForQueryException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                        "This instance does not answer queries; send them to a query-side instance."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                        "Something went wrong on our side; nothing was changed by this request."));
    }

    private ResponseEntity<Object> handle(Exception e, WebRequest request) throws Exception {
        if (e instanceof RuleViolation v) {
            return ResponseEntity.status(v.isConflict() ? 409 : 422).body(ruleViolation(v));
        }
        if (e instanceof IllegalArgumentException v) {
            return ResponseEntity.badRequest().body(invalidValue(v));
        }
        if (e instanceof AggregateNotFoundException v) {
            return ResponseEntity.status(404).body(notFound(v));
        }
        if (e instanceof ConcurrencyException v) {
            return ResponseEntity.status(409).body(concurrentChange(v));
        }
        if (e instanceof ConflictingAggregateVersionException v) {
            return staleVersion(v);
        }
        if (e instanceof NoHandlerForQueryException v) {
            return noQueryHandler(v);
        }
        if (e instanceof NoHandlerForCommandException v) {
            return noCommandHandler(v);
        }
        if (e instanceof JSR303ViolationException v) {
            return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "validation", v.getMessage()));
        }
        if (e instanceof CommandExecutionException || e instanceof QueryExecutionException
                || e instanceof CompletionException || e instanceof ExecutionException) {
            return wrapped(e, request);
        }
        ResponseEntity<Object> standard = handleException(e, request);
        return standard != null ? standard : unexpected(e);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "malformed-body",
                "The request body is not valid JSON of the expected shape" + JsonProblemPaths.describe(e) + "."));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        var problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "The request has invalid fields.");
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of("field", "$." + error.getField(), "message",
                        String.valueOf(error.getDefaultMessage())))
                .toList();
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        var problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "The request has invalid parameters.");
        problem.setProperty("errors", e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> Map.of("field", String.valueOf(result.getMethodParameter().getParameterName()),
                                "message", String.valueOf(error.getDefaultMessage()))))
                .toList());
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem && problem.getType() != null
                && "about:blank".equals(problem.getType().toString())) {
            problem.setType(Problems.type("http-" + statusCode.value()));
        }
        return response;
    }
}
