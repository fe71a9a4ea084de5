package com.jxc.returns.app.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP as a hostile client sends it: raw bytes, any content type, raw (unnormalised, percent-encoded) paths, chunked
 * bodies without a length.
 */
final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    RawHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** {@code body} null = no body; {@code chunked} sends it without Content-Length. */
    Response send(String method, String rawPath, String user, String contentType, byte[] body, boolean chunked,
                  String accept) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        var request = HttpRequest.newBuilder(URI.create(base + rawPath)).timeout(Duration.ofSeconds(60))
                .method(method, publisher)
                .header("Accept", accept == null ? "application/json, application/problem+json" : accept);
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            if ("text/event-stream".equals(accept)) {
                // an open event stream never ends: the status and headers are all that is looked at
                HttpResponse<java.io.InputStream> streaming;
                try {
                    streaming = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                            .get(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException open) {
                    // authorised and validated: the stream is open and waits for the return's first change
                    return new Response(200, Optional.of("text/event-stream"), "");
                }
                byte[] start = streaming.statusCode() == 200 ? new byte[0] : streaming.body().readAllBytes();
                streaming.body().close();
                return new Response(streaming.statusCode(), streaming.headers().firstValue("Content-Type"),
                        new String(start, StandardCharsets.UTF_8));
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type"),
                    new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + rawPath, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response json(String method, String rawPath, String user, String json) {
        return send(method, rawPath, user, "application/json",
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), false, null);
    }

    record Response(int status, Optional<String> contentType, String body) {

        boolean isProblem() {
            return contentType.map(type -> type.startsWith("application/problem+json")).orElse(false);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType.orElse("-") + " "
                    + (body.length() > 600 ? body.substring(0, 600) + "…" : body);
        }
    }
}
