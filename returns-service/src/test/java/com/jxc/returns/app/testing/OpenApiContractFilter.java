package com.jxc.returns.app.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springdoc.webmvc.api.OpenApiWebMvcResource;
import org.springframework.context.ApplicationContext;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks every exchange with {@code /api} against the API description the service itself serves
 * ({@code /v3/api-docs}), with Atlassian's swagger-request-validator:
 * <ul>
 * <li>every response matches the description (status, headers, content type, body);</li>
 * <li>a request the description calls invalid gets a 4xx;</li>
 * <li>a request the description calls valid is not refused with 400 for its shape (malformed body, invalid fields
 * or parameters). Only map keys are exempt: OpenAPI 3.0 cannot describe them, their rules are in words.</li>
 * </ul>
 * Each contradiction is recorded in {@link OpenApiContract}, which fails the test it happened in.
 */
final class OpenApiContractFilter extends OncePerRequestFilter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper STRICT_JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int MAX_CAPTURED = 4 * 1024 * 1024;
    private static final Set<String> SHAPE_PROBLEMS = Set.of("/problems/malformed-body", "/problems/validation",
            "/problems/invalid-parameter");
    private static final java.util.regex.Pattern PATH_SEGMENT = java.util.regex.Pattern
            .compile("\\.([A-Za-z_][A-Za-z0-9_]*)|\\[(\\d+)]|\\['((?:[^'\\\\]|\\\\.)*)']");
    private static final Set<String> NO_OPERATION = Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed");

    private final Function<HttpServletRequest, String> served;
    private volatile OpenApiInteractionValidator validator;
    private volatile JsonNode description;

    OpenApiContractFilter(ApplicationContext context) {
        this(request -> servedDescription(context, request));
    }

    /** With the description given (a test of this filter). */
    OpenApiContractFilter(Function<HttpServletRequest, String> served) {
        this.served = served;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var recordedRequest = new RecordingRequest(request);
        var recordedResponse = new RecordingResponse(response);
        chain.doFilter(recordedRequest, recordedResponse);
        recordedRequest.readToTheEnd();
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    check(recordedRequest, recordedResponse);
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                }

                @Override
                public void onError(AsyncEvent event) {
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                }
            });
        } else {
            check(recordedRequest, recordedResponse);
        }
    }

    private void check(RecordingRequest request, RecordingResponse response) {
        String exchange = request.getMethod() + " " + abbreviate(request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        try {
            OpenApiInteractionValidator api = validator(request);
            Request described = described(request);
            ValidationReport requestReport = api.validateRequest(described);
            List<ValidationReport.Message> requestErrors = errors(requestReport).stream()
                    .filter(message -> request.bodyComplete() || !message.getKey().startsWith("validation.request.body"))
                    .toList();
            JsonNode operation = operation(request);
            boolean takesJson = operation != null
                    && !operation.at("/requestBody/content/application~1json").isMissingNode();
            if (requestErrors.isEmpty() && takesJson && !wellFormedJsonOrNotJson(request)) {
                // the validator passes some bodies it cannot parse (a document cut off in the middle)
                requestErrors = List.of(ValidationReport.Message.create("validation.request.body.notJson",
                        "the body is not well-formed JSON").build());
            }
            if (operation != null && requestErrors.isEmpty()) {
                List<String> unknown = unknownQueryParameters(operation, request.getQueryString());
                if (!unknown.isEmpty()) {
                    requestErrors = List.of(ValidationReport.Message.create("validation.request.parameter.query"
                            + ".unexpected", "unknown query parameters " + unknown).build());
                }
            }
            int status = response.getStatus();
            boolean refused = status >= 400 && status < 500;
            if (!requestErrors.isEmpty() && !refused) {
                OpenApiContract.record(exchange + " → " + status + ": the description calls this request invalid ("
                        + summary(requestErrors) + ") but it was not refused with a 4xx");
            }
            if (requestErrors.isEmpty() && request.bodyComplete() && status == 400
                    && refusedForItsShape(response, operation)) {
                OpenApiContract.record(exchange + " → 400 " + abbreviate(response.text())
                        + ": the description calls this request valid");
            }
            boolean operationKnown = requestErrors.stream().noneMatch(message -> NO_OPERATION.contains(message.getKey()));
            if (operationKnown && !response.errorDispatched()) {
                ValidationReport responseReport = api.validateResponse(request.getRequestURI(), described.getMethod(),
                        described(response));
                List<ValidationReport.Message> responseErrors = errors(responseReport);
                if (!responseErrors.isEmpty()) {
                    OpenApiContract.record(exchange + " → " + status + " " + abbreviate(response.text())
                            + ": the response contradicts the description (" + summary(responseErrors) + ")");
                }
            }
        } catch (RuntimeException e) {
            OpenApiContract.record(exchange + ": could not be checked against the description: " + e);
        }
    }

    private boolean refusedForItsShape(RecordingResponse response, JsonNode operation) {
        try {
            JsonNode problem = JSON.readTree(response.body());
            if (problem == null || !SHAPE_PROBLEMS.contains(problem.path("type").asText())) {
                return false;
            }
            var fields = new ArrayList<String>();
            problem.path("errors").forEach(error -> fields.add(error.path("field").asText()));
            return fields.isEmpty() || !fields.stream().allMatch(field -> inAMap(operation, field));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean wellFormedJsonOrNotJson(RecordingRequest request) {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).contains("json") || !request.bodyComplete()
                || request.body().length == 0) {
            return true;
        }
        try {
            STRICT_JSON.readTree(request.body());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The operation the description has for this request, or null. */
    private JsonNode operation(HttpServletRequest request) {
        JsonNode paths = description == null ? null : description.path("paths");
        if (paths == null) {
            return null;
        }
        for (var entries = paths.fields(); entries.hasNext(); ) {
            var path = entries.next();
            String template = "\\Q" + path.getKey().replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
            if (request.getRequestURI().matches(template)) {
                JsonNode operation = path.getValue().path(request.getMethod().toLowerCase(Locale.ROOT));
                return operation.isMissingNode() ? null : operation;
            }
        }
        return null;
    }

    /** Query parameters the operation does not have (the validator reads {@code a[b]} as {@code a}). */
    private static List<String> unknownQueryParameters(JsonNode operation, String query) {
        Set<String> documented = new java.util.HashSet<>();
        operation.path("parameters").forEach(parameter -> {
            if (parameter.path("in").asText().equals("query")) {
                documented.add(parameter.path("name").asText());
            }
        });
        return query(query).keySet().stream().filter(name -> !documented.contains(name)).toList();
    }

    /**
     * Whether an error's field is a map of the request body or one of its keys: OpenAPI 3.0 describes a map's values,
     * never its keys, so their rules are in words only.
     */
    private boolean inAMap(JsonNode operation, String field) {
        if (operation == null) {
            return false;
        }
        JsonNode schema = resolve(operation.at("/requestBody/content/application~1json/schema"));
        var matcher = PATH_SEGMENT.matcher(field);
        while (matcher.find()) {
            if (schema == null) {
                return false;
            }
            if (isMap(schema)) {
                return true;
            }
            if (matcher.group(1) != null) {
                schema = resolve(schema.path("properties").path(matcher.group(1)));
            } else if (matcher.group(2) != null) {
                schema = resolve(schema.path("items"));
            } else {
                return false;
            }
        }
        return schema != null && isMap(schema);
    }

    private static boolean isMap(JsonNode schema) {
        return schema.path("additionalProperties").isObject() && !schema.has("properties");
    }

    private JsonNode resolve(JsonNode schema) {
        if (schema == null || schema.isMissingNode()) {
            return null;
        }
        String ref = schema.path("$ref").asText(null);
        return ref == null ? schema : resolve(description.at(ref.substring(1)));
    }

    private OpenApiInteractionValidator validator(HttpServletRequest request) {
        OpenApiInteractionValidator api = validator;
        if (api == null) {
            synchronized (this) {
                if (validator == null) {
                    String document = served.apply(request);
                    try {
                        description = JSON.readTree(document);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                            .withLevelResolver(LevelResolver.create()
                                    .withLevel("validation.request.parameter.query.unexpected",
                                            ValidationReport.Level.ERROR)
                                    .withLevel("validation.request.body.schema.invalidJson",
                                            ValidationReport.Level.ERROR)
                                    .withLevel("validation.schema.invalidJson", ValidationReport.Level.ERROR)
                                    .build())
                            .build();
                }
                api = validator;
            }
        }
        return api;
    }

    /** What {@code GET /v3/api-docs} answers, asked of the same bean, in a request context of its own. */
    private static String servedDescription(ApplicationContext context, HttpServletRequest request) {
        var docs = new HttpServletRequestWrapper(request) {
            @Override
            public String getMethod() {
                return "GET";
            }

            @Override
            public String getRequestURI() {
                return "/v3/api-docs";
            }

            @Override
            public StringBuffer getRequestURL() {
                return new StringBuffer(getScheme() + "://" + getServerName() + ":" + getServerPort() + getRequestURI());
            }

            @Override
            public String getServletPath() {
                return "/v3/api-docs";
            }

            @Override
            public String getQueryString() {
                return null;
            }
        };
        RequestAttributes previous = RequestContextHolder.getRequestAttributes();
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(docs));
        try {
            return new String(context.getBean(OpenApiWebMvcResource.class).openapiJson(docs, "/v3/api-docs",
                    Locale.ROOT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            RequestContextHolder.setRequestAttributes(previous);
        }
    }

    private static Request described(RecordingRequest request) {
        var builder = new SimpleRequest.Builder(request.getMethod(), request.getRequestURI());
        for (String name : Collections.list(request.getHeaderNames())) {
            builder.withHeader(name, Collections.list(request.getHeaders(name)));
        }
        query(request.getQueryString()).forEach(builder::withQueryParam);
        if (request.bodyComplete() && request.body().length > 0) {
            builder.withBody(request.body());
        }
        return builder.build();
    }

    private static com.atlassian.oai.validator.model.Response described(RecordingResponse response) {
        var builder = new SimpleResponse.Builder(response.getStatus());
        for (String name : response.getHeaderNames()) {
            builder.withHeader(name, new ArrayList<>(response.getHeaders(name)));
        }
        if (response.getContentType() != null) {
            builder.withContentType(response.getContentType());
        }
        if (response.body().length > 0 && !response.truncated()) {
            builder.withBody(response.body());
        }
        return builder.build();
    }

    private static Map<String, List<String>> query(String query) {
        var parameters = new LinkedHashMap<String, List<String>>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static List<ValidationReport.Message> errors(ValidationReport report) {
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR).toList();
    }

    private static String summary(List<ValidationReport.Message> messages) {
        return messages.stream().limit(5).map(m -> m.getKey() + ": " + abbreviate(m.getMessage()))
                .collect(Collectors.joining("; "));
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** The body as the application read it (bytes pass through untouched). */
    private static final class RecordingRequest extends HttpServletRequestWrapper {

        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private ServletInputStream stream;
        private boolean ended;
        private boolean overflowed;

        RecordingRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b < 0) {
                            ended = true;
                        } else {
                            keep(new byte[]{(byte) b}, 0, 1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n < 0) {
                            ended = true;
                        } else {
                            keep(buffer, offset, n);
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }

        private void keep(byte[] buffer, int offset, int length) {
            if (body.size() + length > MAX_CAPTURED) {
                overflowed = true;
            } else {
                body.write(buffer, offset, length);
            }
        }

        /** What the application left unread (a refusal before the end of a malformed body), for the check. */
        void readToTheEnd() {
            try {
                ServletInputStream in = getInputStream();
                byte[] buffer = new byte[8192];
                while (!overflowed && in.read(buffer) >= 0) {
                    // every byte is kept by the stream itself
                }
            } catch (IOException | RuntimeException e) {
                // the size limit or a closed connection: the body stays incomplete and unchecked
            }
        }

        /** Whether the whole body is known: read to its end, or there was none. */
        boolean bodyComplete() {
            if (overflowed) {
                return false;
            }
            if (ended) {
                return true;
            }
            long declared = getContentLengthLong();
            return declared == 0 || (declared < 0 && getHeader("Transfer-Encoding") == null)
                    || (declared > 0 && body.size() == declared);
        }

        byte[] body() {
            return body.toByteArray();
        }
    }

    /** The response as sent, with a copy of its body (up to a limit) for the check. */
    private static final class RecordingResponse extends HttpServletResponseWrapper {

        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private ServletOutputStream stream;
        private PrintWriter writer;
        private boolean truncated;
        private boolean errorDispatched;

        RecordingResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream out = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        keep(new byte[]{(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] buffer, int offset, int length) throws IOException {
                        out.write(buffer, offset, length);
                        keep(buffer, offset, length);
                    }

                    @Override
                    public void flush() throws IOException {
                        out.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        out.close();
                    }

                    @Override
                    public boolean isReady() {
                        return out.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        out.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                String charset = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset), true);
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            if (writer != null) {
                writer.flush();
            }
            super.flushBuffer();
        }

        @Override
        public void sendError(int status) throws IOException {
            errorDispatched = true;
            super.sendError(status);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            errorDispatched = true;
            super.sendError(status, message);
        }

        private synchronized void keep(byte[] buffer, int offset, int length) {
            if (body.size() + length > MAX_CAPTURED) {
                truncated = true;
            } else {
                body.write(buffer, offset, length);
            }
        }

        synchronized byte[] body() {
            if (writer != null) {
                writer.flush();
            }
            return body.toByteArray();
        }

        String text() {
            return new String(body(), StandardCharsets.UTF_8);
        }

        boolean truncated() {
            return truncated;
        }

        boolean errorDispatched() {
            return errorDispatched;
        }
    }
}
