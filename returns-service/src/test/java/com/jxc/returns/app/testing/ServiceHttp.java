package com.jxc.returns.app.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The test suite's one HTTP client for the service, in this JVM ({@link #onPort}) or a child JVM ({@link #at}).
 * Signs in with HTTP Basic as a development user (password = user name; {@code null} = anonymous), never throws on
 * an error status (tests look at problem documents), and sends paths exactly as written (percent-escapes and
 * unnormalised segments included) so that hostile input reaches the server as a hostile client sends it.
 *
 * <p>Transport failures (connection refused or reset: a killed child) are {@link UncheckedIOException}s.
 * A {@link ServiceTest} class gets one for its server by extending {@link ServiceOverHttp}.
 */
public final class ServiceHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_OR_PROBLEM = "application/json, application/problem+json";

    private final String baseUrl;
    private final HttpClient client;

    private ServiceHttp(String baseUrl, HttpClient.Builder client) {
        this.baseUrl = baseUrl;
        this.client = client.connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The service in this JVM, on {@code port}. */
    public static ServiceHttp onPort(int port) {
        return at("http://127.0.0.1:" + port);
    }

    /** The service at {@code baseUrl} (a child JVM, another instance). */
    public static ServiceHttp at(String baseUrl) {
        return new ServiceHttp(baseUrl, HttpClient.newBuilder());
    }

    /**
     * A browser's session with the console: signed in as {@code user} through the sign-in form (with its CSRF
     * token), the session cookie kept; requests of the session go as {@code null} (no Basic credentials).
     */
    public ServiceHttp signedIn(String user) {
        ServiceHttp session = new ServiceHttp(baseUrl, HttpClient.newBuilder().cookieHandler(new CookieManager()));
        Response form = session.get("/login", null, "*/*");
        var token = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
        if (!token.find()) {
            throw new AssertionError("no CSRF token on the sign-in page: " + form);
        }
        String body = "username=" + encode(user) + "&password=" + encode(user) + "&_csrf=" + encode(token.group(1));
        Response signedIn = session.request("POST", "/login").contentType("application/x-www-form-urlencoded")
                .body(body.getBytes(StandardCharsets.UTF_8), false).accept("*/*").send();
        if (signedIn.status() != 302) {
            throw new AssertionError("sign-in of " + user + ": " + signedIn);
        }
        return session;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Response get(String path, String user) {
        return request("GET", path).as(user).send();
    }

    /** A GET that accepts {@code accept} instead of JSON (CSV, JSON Lines, HTML…). */
    public Response get(String path, String user, String accept) {
        return request("GET", path).as(user).accept(accept).send();
    }

    /**
     * POSTs {@code body} as JSON: a string as it is, a {@link JsonBody} or anything else as Jackson writes it;
     * null = no body at all.
     */
    public Response post(String path, String user, Object body) {
        return post(path, user, body, Map.of());
    }

    /** As {@link #post(String, String, Object)}, with extra headers (Idempotency-Key, X-Correlation-Id…). */
    public Response post(String path, String user, Object body, Map<String, String> headers) {
        Request request = request("POST", path).as(user);
        if (body != null) {
            request.json(body);
        }
        headers.forEach(request::header);
        return request.send();
    }

    /** POSTs with explicit Basic credentials (e.g. a wrong password). */
    public Response postAs(String path, String user, String password, Object body) {
        return request("POST", path).as(user, password).json(body).send();
    }

    /** A JSON request with any method; {@code json} null = no body. */
    public Response json(String method, String rawPath, String user, String json) {
        Request request = request(method, rawPath).as(user);
        return (json == null ? request.contentType("application/json") : request.json(json)).send();
    }

    /**
     * As a hostile client sends it: any content type (null = none), raw bytes (null = no body), {@code chunked}
     * without a Content-Length; {@code accept} null = JSON or problem.
     */
    public Response send(String method, String rawPath, String user, String contentType, byte[] body,
                         boolean chunked, String accept) {
        Request request = request(method, rawPath).as(user).contentType(contentType).body(body, chunked);
        return (accept == null ? request : request.accept(accept)).send();
    }

    /**
     * Opens an event stream and hands every line to {@code lines} as it arrives; cancel the returned future to
     * close the stream.
     */
    public CompletableFuture<Void> streamLines(String path, String user, Consumer<String> lines) {
        HttpRequest request = request("GET", path).as(user).accept("text/event-stream").build();
        var exchange = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        var body = new AtomicReference<Stream<String>>();
        // cancelling a future derived from the exchange would leave the connection open, and with it a request the
        // server's graceful shutdown waits for (30 s at the end of the test JVM): cancel closes the body instead
        var stream = new CompletableFuture<Void>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                exchange.cancel(true);
                Optional.ofNullable(body.get()).ifPresent(Stream::close);
                return cancelled;
            }
        };
        exchange.thenAccept(response -> {
            body.set(response.body());
            if (stream.isCancelled()) {
                response.body().close();
                return;
            }
            response.body().forEach(lines);
        }).whenComplete((done, failure) -> {
            if (failure != null) {
                stream.completeExceptionally(failure);
            } else {
                stream.complete(null);
            }
        });
        return stream;
    }

    /**
     * The first event of an event stream (the lines up to and including its first {@code data:} line), the stream
     * closed after it; a refusal's whole body.
     */
    public Response firstEvent(String path, String user) {
        HttpRequest request = request("GET", path).as(user).accept("text/event-stream").build();
        try {
            HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = response.body()) {
                if (response.statusCode() != 200) {
                    return new Response(response.statusCode(), headers(response), String.join("\n", lines.toList()));
                }
                var event = new ArrayList<String>();
                for (var it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    event.add(line);
                    if (line.startsWith("data:")) {
                        break;
                    }
                }
                return new Response(200, headers(response), String.join("\n", event));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + baseUrl + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + path, e);
        }
    }

    public Request request(String method, String rawPath) {
        return new Request(method, rawPath);
    }

    /** One request being put together; {@link #send()} sends it. */
    public final class Request {

        private final String method;
        private final String rawPath;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;
        private boolean chunked;

        private Request(String method, String rawPath) {
            this.method = method;
            this.rawPath = rawPath;
            headers.put("Accept", JSON_OR_PROBLEM);
        }

        /** HTTP Basic as the development user {@code user} (password = name); null = anonymous. */
        public Request as(String user) {
            return user == null ? this : as(user, user);
        }

        public Request as(String user, String password) {
            return header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Request accept(String accept) {
            return header("Accept", accept);
        }

        public Request contentType(String contentType) {
            if (contentType != null) {
                header("Content-Type", contentType);
            }
            return this;
        }

        public Request json(Object json) {
            return contentType("application/json").body(text(json).getBytes(StandardCharsets.UTF_8), false);
        }

        public Request body(byte[] body, boolean chunked) {
            this.body = body;
            this.chunked = chunked;
            return this;
        }

        private HttpRequest build() {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                    : HttpRequest.BodyPublishers.ofByteArray(body);
            var request = HttpRequest.newBuilder(URI.create(baseUrl + rawPath)).timeout(Duration.ofSeconds(60))
                    .method(method, publisher);
            headers.forEach(request::header);
            return request.build();
        }

        public Response send() {
            HttpRequest request = build();
            try {
                if ("text/event-stream".equals(headers.get("Accept"))) {
                    return openStream(request);
                }
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                return new Response(response.statusCode(), headers(response),
                        new String(response.body(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + baseUrl + rawPath, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted: " + method + " " + rawPath, e);
            }
        }

        /** An open event stream never ends: its status and headers are all that is looked at. */
        private Response openStream(HttpRequest request) throws IOException, InterruptedException {
            HttpResponse<InputStream> streaming;
            try {
                streaming = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                        .get(5, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException open) {
                // authorised and validated: the stream is open and waits for the first change
                HttpHeaders headers = new HttpHeaders();
                headers.set(HttpHeaders.CONTENT_TYPE, "text/event-stream");
                return new Response(200, headers, "");
            }
            byte[] start = streaming.statusCode() == 200 ? new byte[0] : streaming.body().readAllBytes();
            streaming.body().close();
            return new Response(streaming.statusCode(), headers(streaming), new String(start, StandardCharsets.UTF_8));
        }
    }

    private static HttpHeaders headers(HttpResponse<?> response) {
        HttpHeaders headers = new HttpHeaders();
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                headers.addAll(name, values);
            }
        });
        return headers;
    }

    private static String text(Object body) {
        if (body instanceof String text) {
            return text;
        }
        if (body instanceof JsonBody json) {
            return json.json();
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Registered by {@link ServiceTest}: lazy beans of a {@code ServiceHttp} for the port the server listens on and
     * of a {@link LifecycleDriver} over it, so that a test class asks for them instead of building them from
     * {@code @LocalServerPort}.
     */
    record Registration() implements ContextCustomizerFactory, ContextCustomizer {

        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                         List<ContextConfigurationAttributes> configAttributes) {
            return this;
        }

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            if (context.getBeanFactory() instanceof BeanDefinitionRegistry registry) {
                var http = new RootBeanDefinition(ServiceHttp.class, () -> onPort(
                        context.getEnvironment().getRequiredProperty("local.server.port", Integer.class)));
                http.setLazyInit(true);
                registry.registerBeanDefinition("serviceHttp", http);
                var driver = new RootBeanDefinition(LifecycleDriver.class,
                        () -> new LifecycleDriver(context.getBean(ServiceHttp.class)));
                driver.setLazyInit(true);
                registry.registerBeanDefinition("lifecycleDriver", driver);
            }
        }
    }

    /** A request body that knows its JSON (the builders in {@link Orders}). */
    public interface JsonBody {
        String json();
    }

    /** Status, headers and body as text; the content type is {@code ""} when the response has none. */
    public record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return json(JSON);
        }

        /** The body read by {@code mapper} (e.g. one that keeps decimals exact). */
        public JsonNode json(ObjectMapper mapper) {
            try {
                return mapper.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String contentType() {
            String type = headers.getFirst(HttpHeaders.CONTENT_TYPE);
            return type == null ? "" : type;
        }

        public boolean is2xx() {
            return status >= 200 && status < 300;
        }

        public boolean isProblem() {
            return contentType().startsWith("application/problem+json");
        }

        public String location() {
            return headers.getFirst(HttpHeaders.LOCATION);
        }

        /** The id at the end of the Location header. */
        public String createdId() {
            String location = location();
            if (location == null) {
                throw new AssertionError("no Location header; " + this);
            }
            return location.substring(location.lastIndexOf('/') + 1);
        }

        /** This response, once it is known to be a 2xx; otherwise an assertion error naming {@code what}. */
        public Response ok(String what) {
            if (!is2xx()) {
                throw new AssertionError(what + ": " + this);
            }
            return this;
        }

        /** This response, once its status is known to be one of {@code statuses}. */
        public Response expect(String what, int... statuses) {
            for (int expected : statuses) {
                if (status == expected) {
                    return this;
                }
            }
            throw new AssertionError(what + ": expected status " + Arrays.toString(statuses) + ", got "
                    + this);
        }

        @Override
        public String toString() {
            return status + " " + (contentType().isEmpty() ? "-" : contentType()) + " "
                    + (body.length() > 2000 ? body.substring(0, 2000) + "…" : body);
        }
    }
}
