package com.jxc.returns.app.process;

import com.jxc.returns.app.testing.TestClock;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Plain HTTP against a child process: JSON bodies, HTTP Basic with the development users (user = password). */
public final class ApiClient {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;

    public ApiClient(ChildApp app) {
        this("http://127.0.0.1:" + app.port());
    }

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    public Response post(String path, String user, Object body) throws IOException, InterruptedException {
        return send(request(path, user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body), StandardCharsets.UTF_8)).build());
    }

    public Response get(String path, String user) throws IOException, InterruptedException {
        return send(request(path, user).GET().build());
    }

    /** A GET that accepts {@code accept} instead of JSON (CSV, JSON Lines). */
    public Response get(String path, String user, String accept) throws IOException, InterruptedException {
        return send(request(path, user).setHeader("Accept", accept).GET().build());
    }

    private HttpRequest.Builder request(String path, String user) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + credentials).header("Accept", "application/json");
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Location").orElse(null));
    }

    public static String json(Object body) {
        try {
            return body instanceof String text ? text : JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A shipped order with one line of {@code quantity} units, enough for many one-unit returns. */
    public static Map<String, Object> salesOrder(String orderId, int quantity) {
        return Map.of("orderId", orderId,
                "customer", Map.of("id", "C-" + orderId, "name", "张三", "contact", "zhangsan@example.com"),
                "warehouse", "WH-SH",
                "shippedAt", TestClock.daysAgo(5).toString(),
                "currency", "CNY",
                "lines", List.of(Map.of("lineNo", 1, "sku", "SKU-1", "category", "electronics",
                        "quantity", quantity, "unitPrice", 199.00, "unitCost", 120.00)));
    }

    public static Map<String, Object> returnOf(String orderId, int quantity) {
        return Map.of("orderId", orderId,
                "lines", List.of(Map.of("lineNo", 1, "quantity", quantity, "condition", "DEFECTIVE")),
                "reason", "DISSATISFIED", "reasonText", "not as described", "channel", "HOTLINE",
                "wantedResolution", "REFUND");
    }

    public record Response(int status, String body, String contentType, String location) {

        public boolean is2xx() {
            return status >= 200 && status < 300;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }
}
