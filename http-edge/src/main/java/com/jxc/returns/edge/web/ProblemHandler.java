package com.jxc.returns.edge.web;

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
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import org.springframework.core.MethodParameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
                .map(v -> error(parameterPath(v), v.getMessage()))
                .toList());
        return problem;
    }

    @ExceptionHandler(QueryParameterCheck.InvalidQueryException.class)
    ProblemDetail invalidQuery(QueryParameterCheck.InvalidQueryException e) {
        var problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-parameter", e.known.isEmpty()
                ? "This endpoint takes no query parameters."
                : "Unknown or repeated query parameters; this endpoint takes " + String.join(", ",
                new java.util.TreeSet<>(e.known)) + ", each once.");
        var errors = new ArrayList<Map<String, String>>();
        e.unknown.stream().limit(20).forEach(name -> errors.add(error(shorten(name), "is not a parameter of this endpoint")));
        e.repeated.forEach(name -> errors.add(error(name, "is given more than once")));
        problem.setProperty("errors", errors);
        return problem;
    }

    private static String shorten(String name) {
        return name.length() > 64 ? name.substring(0, 64) + "…" : name;
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
        PayloadTooLargeException tooLarge = JsonProblemPaths.find(e, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return tooLarge(tooLarge);
        }
        if (JsonProblemPaths.find(e, org.axonframework.modelling.command.AggregateStreamCreationException.class)
                != null || reusedIdentifier(e)) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.of(HttpStatus.CONFLICT, "already-exists",
                    "Something with this id exists already; ids are never reused."));
        }
        log.error("Unexpected failure", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                        "Something went wrong on our side; nothing was changed by this request."));
    }

    /** The event store refuses a second first event for an aggregate id (a create command sent twice). */
    private static boolean reusedIdentifier(Throwable e) {
        var store = JsonProblemPaths.find(e, org.axonframework.eventsourcing.eventstore.EventStoreException.class);
        return store != null && String.valueOf(store.getMessage()).startsWith("Cannot reuse aggregate identifier");
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
        PayloadTooLargeException tooLarge = JsonProblemPaths.find(e, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return tooLarge(tooLarge);
        }
        if (e.getCause() == null && String.valueOf(e.getMessage()).startsWith("Required request body is missing")) {
            return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "malformed-body",
                    "The request body is missing; send a JSON document."));
        }
        JsonProblemPaths.Failure failure = JsonProblemPaths.failure(e);
        String where = failure.path() == null ? "The request body" : failure.path();
        var problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-body",
                "The request body is not valid JSON of the expected shape: " + where + " " + failure.message() + ".");
        if (failure.path() != null) {
            problem.setProperty("errors", List.of(error(failure.path(), failure.message())));
        }
        return ResponseEntity.badRequest().body(problem);
    }

    static ResponseEntity<Object> tooLarge(PayloadTooLargeException e) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(Problems.of(HttpStatus.PAYLOAD_TOO_LARGE,
                "payload-too-large", "The request body is larger than " + e.limit() + " bytes."));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        var problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "The request has invalid fields.");
        problem.setProperty("errors", bindingErrors(e.getBindingResult().getAllErrors().stream(), ""));
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        var problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "The request has invalid values.");
        List<Map<String, String>> errors = new ArrayList<>();
        for (ParameterValidationResult result : e.getParameterValidationResults()) {
            if (result instanceof ParameterErrors body) {
                errors.addAll(bindingErrors(body.getAllErrors().stream(), ""));
            } else {
                String name = parameterName(result.getMethodParameter());
                if (result.getContainerIndex() != null) {
                    name = name + "[" + result.getContainerIndex() + "]";
                }
                for (MessageSourceResolvable error : result.getResolvableErrors()) {
                    errors.add(error(name, String.valueOf(error.getDefaultMessage())));
                }
            }
        }
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException argument
                ? parameterName(argument.getParameter()) : String.valueOf(e.getPropertyName());
        String expected = e.getRequiredType() == null ? "a valid value" : JsonProblemPaths.expected(e.getRequiredType());
        var problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-parameter", "'" + name + "' must be " + expected + ".");
        problem.setProperty("errors", List.of(error(name, "must be " + expected)));
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
                                                                          HttpHeaders headers,
                                                                          HttpStatusCode status,
                                                                          WebRequest request) {
        var problem = Problems.of(HttpStatus.BAD_REQUEST, "missing-parameter",
                "The query parameter '" + e.getParameterName() + "' is required.");
        problem.setProperty("errors", List.of(error(e.getParameterName(), "is required")));
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
                problem.setType(Problems.type(Problems.kindOf(statusCode.value())));
            }
            problem.setDetail(Problems.safeDetail(statusCode, problem.getDetail()));
        }
        return response;
    }

    private static List<Map<String, String>> bindingErrors(Stream<? extends MessageSourceResolvable> errors,
                                                           String prefix) {
        return errors.map(error -> error(error instanceof FieldError field
                        ? JsonProblemPaths.jsonPath(prefix + field.getField()) : "$",
                        String.valueOf(error.getDefaultMessage())))
                .toList();
    }

    private static String parameterName(MethodParameter parameter) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null && !param.name().isEmpty()) {
            return param.name();
        }
        PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
        if (variable != null && !variable.name().isEmpty()) {
            return variable.name();
        }
        MethodParameter named = parameter.clone();
        named.initParameterNameDiscovery(new org.springframework.core.DefaultParameterNameDiscoverer());
        return String.valueOf(named.getParameterName());
    }

    /** A method-validation path ({@code list.page}, {@code backtest.request.policy.windowDays}) without the method. */
    private static String parameterPath(ConstraintViolation<?> violation) {
        var names = new ArrayList<String>();
        boolean body = false;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR
                    || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                names.add(node.getName());
                continue;
            }
            body = true;
            String index = node.getIndex() != null ? "[" + node.getIndex() + "]"
                    : node.getKey() != null ? "[" + node.getKey() + "]" : "";
            if (node.getName() != null && !node.getName().startsWith("<")) {
                names.add(node.getName() + index);
            } else if (!index.isEmpty() && !names.isEmpty()) {
                names.set(names.size() - 1, names.get(names.size() - 1) + index);
            }
        }
        if (!body) {
            return String.join(".", names);
        }
        return JsonProblemPaths.jsonPath(String.join(".", names.subList(Math.min(1, names.size()), names.size())));
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}
