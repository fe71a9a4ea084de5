package com.jxc.returns.app.notification;

import com.jxc.returns.projection.notification.WebhookSignature;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook on 127.0.0.1 that records every request and answers 200 unless told otherwise for a delivery id:
 * refuse it a number of times first, or refuse it always. It checks each request's Standard Webhooks signature with
 * the scheme's own Java verifier, as a receiver would, and records whether it held.
 */
final class WebhookReceiver implements AutoCloseable {

    record Received(String deliveryId, boolean verified, String legacyDeliveryId, String legacySignature,
                    String contentType, byte[] body, Instant at, int answered) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean accepted() {
            return answered >= 200 && answered < 300;
        }
    }

    private final HttpServer server;
    private final Map<String, AtomicInteger> refusalsLeft = new ConcurrentHashMap<>();
    private final Set<String> alwaysRefused = ConcurrentHashMap.newKeySet();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private final Webhook verifier;

    private WebhookReceiver(HttpServer server, String secret) {
        this.server = server;
        this.verifier = new Webhook(WebhookSignature.verifierSecret(secret));
    }

    static WebhookReceiver start(String secret) {
        try {
            var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            var receiver = new WebhookReceiver(server, secret);
            server.createContext("/hook", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void refuseFirst(String deliveryId, int times) {
        refusalsLeft.put(deliveryId, new AtomicInteger(times));
    }

    void refuseAlways(String deliveryId) {
        alwaysRefused.add(deliveryId);
    }

    List<Received> receivedFor(String deliveryId) {
        return received.stream().filter(request -> deliveryId.equals(request.deliveryId())).toList();
    }

    long acceptedFor(String deliveryId) {
        return receivedFor(deliveryId).stream().filter(Received::accepted).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String deliveryId = exchange.getRequestHeaders().getFirst(WebhookSignature.ID_HEADER);
        boolean verified;
        try {
            verifier.verify(new String(body, StandardCharsets.UTF_8), exchange.getRequestHeaders());
            verified = true;
        } catch (WebhookVerificationException e) {
            verified = false;
        }
        int status;
        String answer;
        AtomicInteger left = deliveryId == null ? null : refusalsLeft.get(deliveryId);
        if (deliveryId != null && alwaysRefused.contains(deliveryId)) {
            status = 503;
            answer = "down for maintenance";
        } else if (left != null && left.getAndDecrement() > 0) {
            status = 500;
            answer = "try again";
        } else {
            status = 200;
            answer = "ok";
        }
        received.add(new Received(deliveryId, verified, exchange.getRequestHeaders().getFirst("X-Returns-Delivery"),
                exchange.getRequestHeaders().getFirst("X-Returns-Signature"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body, Instant.now(), status));
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
