package com.jxc.returns.app.it;

import com.jxc.returns.app.testing.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A real HTTP client for the running service: HTTP Basic as one of the development users (password = user name),
 * never throwing on error statuses so that tests can look at problem documents.
 */
public final class ReturnsHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClient client;

    public ReturnsHttp(int port) {
        this.client = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .requestFactory(new JdkClientHttpRequestFactory())
                .build();
    }

    /** POSTs {@code json} as {@code user} (null = anonymous) with extra headers. */
    public Response post(String path, String user, String json, Map<String, String> headers) {
        return client.post().uri(path)
                .headers(h -> {
                    if (user != null) {
                        h.setBasicAuth(user, user);
                    }
                    headers.forEach(h::set);
                })
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .body(json)
                .exchange((request, response) -> new Response(response.getStatusCode().value(),
                        response.getHeaders(), new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    public Response post(String path, String user, String json) {
        return post(path, user, json, Map.of());
    }

    /** POSTs with explicit basic credentials (e.g. a wrong password). */
    public Response postAs(String path, String user, String password, String json) {
        return client.post().uri(path)
                .headers(h -> h.setBasicAuth(user, password))
                .contentType(MediaType.APPLICATION_JSON)
                .body(json)
                .exchange((request, response) -> new Response(response.getStatusCode().value(),
                        response.getHeaders(), new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    public Response get(String path, String user) {
        return client.get().uri(path)
                .headers(h -> {
                    if (user != null) {
                        h.setBasicAuth(user, user);
                    }
                })
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .exchange((request, response) -> new Response(response.getStatusCode().value(),
                        response.getHeaders(), new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    /** Records a shipped order with one line of {@code quantity} units of SKU-1 as the integration user. */
    public Response recordOrder(String orderId, int quantity) {
        return post("/api/sales-orders", "integration", orderJson(orderId, quantity));
    }

    /** Submits a return of {@code quantity} units of line 1 as customer service. */
    public Response submitReturn(String orderId, int quantity, Map<String, String> headers) {
        return post("/api/returns", "cs", returnJson(orderId, quantity), headers);
    }

    public static String orderJson(String orderId, int quantity) {
        return """
                {"orderId":"%s","customer":{"id":"C-1","name":"张三","contact":"zhangsan@example.com"},
                 "warehouse":"WH-SH","shippedAt":"%s","currency":"CNY",
                 "lines":[{"lineNo":1,"sku":"SKU-1","category":"electronics","quantity":%d,
                           "unitPrice":199.00,"unitCost":120.00}]}
                """.formatted(orderId, TestClock.daysAgo(5), quantity);
    }

    public static String returnJson(String orderId, int quantity) {
        return """
                {"orderId":"%s","lines":[{"lineNo":1,"quantity":%d,"condition":"DEFECTIVE"}],
                 "reason":"DISSATISFIED","reasonText":"not as pictured","channel":"HOTLINE",
                 "wantedResolution":"REFUND"}
                """.formatted(orderId, quantity);
    }

    public record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public MediaType contentType() {
            return headers.getContentType();
        }

        public boolean isProblem() {
            MediaType type = contentType();
            return type != null && MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(type);
        }

        /** The id at the end of the Location header. */
        public String createdId() {
            String location = headers.getFirst(HttpHeaders.LOCATION);
            if (location == null) {
                throw new AssertionError("no Location header; status " + status + ", body " + body);
            }
            return location.substring(location.lastIndexOf('/') + 1);
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + body;
        }
    }
}
