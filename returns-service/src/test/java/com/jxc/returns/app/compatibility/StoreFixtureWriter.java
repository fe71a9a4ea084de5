package com.jxc.returns.app.compatibility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jxc.returns.app.it.ReturnsHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.app.testing.TestClock;
import com.mongodb.client.MongoDatabase;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Writes {@code fixtures/store-boot-3.5} (see its README): not part of the suite, run only when
 * {@code -Dreturns.fixture.write=<directory>} names where to write. It drives returns through every path of the
 * lifecycle so that the store holds every event type of the kernel, lets the notifications reach a webhook, then
 * saves the event store's database file (H2 {@code BACKUP}), the JSON Lines export, and what the service answered
 * about the store ({@link StoreObservation}).
 */
@EnabledIfSystemProperty(named = StoreFixtureWriter.TARGET, matches = ".+")
@ServiceTest(properties = "db-scheduler.polling-interval=1s")
@Import(TestClock.Config.class)
class StoreFixtureWriter {

    static final String TARGET = "returns.fixture.write";

    /** Every event type of the kernel at the time of writing. */
    static final Set<String> EVENT_TYPES = Set.of("ReturnPolicyDefined", "GoodsReceived", "SalesOrderRecorded",
            "ReturnQuantityReserved", "ReturnQuantityReleased", "ReturnRequested", "ReturnApproved",
            "ReturnOrderIssued", "ReturnRejected", "ReturnCancelled", "ReturnExpired", "ReturnReceived",
            "ReturnInspected", "SettlementProposed", "SettlementDeclined", "ReturnSettled", "FeedbackGiven",
            "CustomerNotificationRequested", "CustomerNotificationDelivered");

    private static final HttpServer WEBHOOK = webhook();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("returns.notifications.webhook-url",
                () -> "http://127.0.0.1:" + WEBHOOK.getAddress().getPort() + "/hook");
        registry.add("returns.notifications.secret", () -> "fixture-webhook-secret");
        registry.add("returns.notifications.poll-interval", () -> "200ms");
    }

    @AfterAll
    static void stopWebhook() {
        WEBHOOK.stop(0);
    }

    @LocalServerPort
    int port;
    @Autowired
    TestClock clock;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MongoDatabase database;

    private ReturnsHttp http;

    @Test
    void writeFixture() throws Exception {
        http = new ReturnsHttp(port);
        Path target = Path.of(System.getProperty(TARGET)).toAbsolutePath();
        Files.createDirectories(target);

        ok(http.post("/api/purchase-receipts", "integration", """
                {"receiptId":"PO-FIX-1","supplier":"深圳电子有限公司","warehouse":"WH-SH","receivedAt":"%s",
                 "lines":[{"sku":"SKU-PHONE","quantity":50,"unitCost":1800.00},
                          {"sku":"SKU-CASE","quantity":200,"unitCost":4.00},
                          {"sku":"SKU-KETTLE","quantity":40,"unitCost":90.00}]}
                """.formatted(TestClock.daysAgo(60))));

        // 1. auto-approved, received, inspected into every disposition, refunded, feedback
        order("SO-FIX-1", "SKU-KETTLE", 3, "249.00", 5);
        String refunded = submit("SO-FIX-1", 2, "QUALITY_DEFECT", "REFUND");
        ok(http.post("/api/returns/" + refunded + "/receive", "warehouse",
                "{\"lines\":[{\"lineNo\":1,\"quantity\":2,\"note\":\"box dented\"}]}"));
        ok(http.post("/api/returns/" + refunded + "/inspect", "warehouse", """
                {"lines":[{"lineNo":1,"restocked":1,"scrapped":0,"repair":1,"returnedToVendor":0,"refused":0}]}"""));
        ok(http.post("/api/returns/" + refunded + "/settle", "finance", "{\"method\":\"REFUND\"}"));
        ok(http.post("/api/returns/" + refunded + "/feedback", "cs",
                "{\"rating\":4,\"comment\":\"fast refund\",\"channel\":\"EMAIL\"}"));

        // a new policy version: the returns after it are decided under version 2
        JsonNode policy = ok(http.get("/api/return-policy", "admin")).json();
        ObjectNode terms = policy.get("terms").deepCopy();
        terms.put("windowDays", 45);
        terms.put("restockingFeePercent", 10);
        ok(put("/api/return-policy", "admin", terms.toString()));

        // 2. reviewed and approved in part, settlement above the four-eyes threshold declined, then confirmed
        order("SO-FIX-2", "SKU-PHONE", 3, "2999.00", 3);
        String fourEyes = submit("SO-FIX-2", 3, "DISSATISFIED", "REFUND");
        ok(http.post("/api/returns/" + fourEyes + "/approve", "reviewer",
                "{\"lines\":[{\"lineNo\":1,\"quantity\":2}],\"comment\":\"one kept by the customer\"}"));
        ok(http.post("/api/returns/" + fourEyes + "/receive", "warehouse",
                "{\"lines\":[{\"lineNo\":1,\"quantity\":2}]}"));
        ok(http.post("/api/returns/" + fourEyes + "/inspect", "warehouse", """
                {"lines":[{"lineNo":1,"restocked":0,"scrapped":1,"repair":0,"returnedToVendor":1,"refused":0}]}"""));
        ok(http.post("/api/returns/" + fourEyes + "/settle", "finance", "{\"method\":\"REFUND\"}"));
        ok(http.post("/api/returns/" + fourEyes + "/settle/decline", "finance2",
                "{\"reason\":\"the refund would go to a closed account; settle as store credit\"}"));
        ok(http.post("/api/returns/" + fourEyes + "/settle", "finance", "{\"method\":\"STORE_CREDIT\"}"));
        ok(http.post("/api/returns/" + fourEyes + "/settle/confirm", "finance2", ""));

        // 3. rejected
        order("SO-FIX-3", "SKU-CASE", 2, "39.00", 4);
        String rejected = submit("SO-FIX-3", 2, "OTHER", "REFUND");
        ok(http.post("/api/returns/" + rejected + "/reject", "reviewer",
                "{\"reason\":\"used beyond normal testing\"}"));

        // 4. approved, then cancelled
        order("SO-FIX-4", "SKU-CASE", 4, "39.00", 4);
        String cancelled = submit("SO-FIX-4", 2, "DISSATISFIED", "STORE_CREDIT");
        ok(http.post("/api/returns/" + cancelled + "/approve", "reviewer", "{}"));
        ok(http.post("/api/returns/" + cancelled + "/cancel", "cs",
                "{\"reason\":\"customer changed their mind\"}"));

        // 5. exchanged for the same product
        order("SO-FIX-5", "SKU-KETTLE", 1, "249.00", 2);
        String exchanged = submit("SO-FIX-5", 1, "DISSATISFIED", "EXCHANGE");
        ok(http.post("/api/returns/" + exchanged + "/approve", "reviewer", "{}"));
        ok(http.post("/api/returns/" + exchanged + "/receive", "warehouse",
                "{\"lines\":[{\"lineNo\":1,\"quantity\":1}]}"));
        ok(http.post("/api/returns/" + exchanged + "/inspect", "warehouse", """
                {"lines":[{"lineNo":1,"restocked":1,"scrapped":0,"repair":0,"returnedToVendor":0,"refused":0}]}"""));
        ok(http.post("/api/returns/" + exchanged + "/settle", "finance",
                "{\"method\":\"EXCHANGE\",\"exchange\":{\"sku\":\"SKU-KETTLE\",\"quantity\":1,\"unitPrice\":249.00}}"));

        // 6. below the keep-item threshold: settled without receipt
        order("SO-FIX-6", "SKU-CASE", 1, "15.00", 1);
        String keptItem = submit("SO-FIX-6", 1, "TRANSIT_DAMAGE", "STORE_CREDIT");
        ok(http.post("/api/returns/" + keptItem + "/settle", "finance", "{\"method\":\"STORE_CREDIT\"}"));

        // 7. approved a month ago and never received: expires at its receipt deadline
        clock.shift(Duration.ofDays(-30));
        order("SO-FIX-7", "SKU-KETTLE", 1, "249.00", 2);
        String expired = submit("SO-FIX-7", 1, "QUALITY_DEFECT", "REFUND");
        clock.reset();
        await().atMost(Duration.ofSeconds(60)).until(() -> types(expired).contains("ReturnExpired"));

        // 8. still waiting for review (nothing scheduled for it)
        order("SO-FIX-8", "SKU-PHONE", 1, "2999.00", 1);
        submit("SO-FIX-8", 1, "DISSATISFIED", "REFUND");

        StoreObservation.awaitCaughtUp(http);
        // the expired return's notifications are older than returns.notifications.max-age: marked FAILED, not sent
        await().atMost(Duration.ofSeconds(60)).until(() -> allNotificationsDelivered(List.of(refunded, fourEyes,
                rejected, cancelled, exchanged, keptItem)));
        StoreObservation.awaitCaughtUp(http);

        String export = ok(http.get("/api/admin/export", "admin")).body();
        var types = new TreeSet<String>();
        export.lines().forEach(line -> types.add(StoreObservation.parse(line).get("type").asText()));
        assertThat(types).as("every event type of the kernel").containsAll(EVENT_TYPES);
        long lastPosition = export.lines().count() - 1;
        await().atMost(Duration.ofSeconds(90)).until(() -> ok(http.get("/api/audit/verify", "auditor")).json()
                .path("sealedUpTo").asLong(-1) >= lastPosition);

        ObjectNode observed = StoreObservation.observe(http, database);
        Files.writeString(target.resolve("events.jsonl"), export, StandardCharsets.UTF_8);
        Files.writeString(target.resolve("observed.json"),
                StoreObservation.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(observed) + "\n",
                StandardCharsets.UTF_8);
        Path backup = target.resolve("eventstore.zip");
        Files.deleteIfExists(backup);
        jdbc.execute("BACKUP TO '" + backup + "'");
    }

    private boolean allNotificationsDelivered(List<String> returns) {
        for (String returnId : returns) {
            List<String> types = types(returnId);
            long requested = types.stream().filter("CustomerNotificationRequested"::equals).count();
            long delivered = types.stream().filter("CustomerNotificationDelivered"::equals).count();
            if (requested == 0 || delivered < requested) {
                return false;
            }
        }
        return true;
    }

    private List<String> types(String returnId) {
        var types = new java.util.ArrayList<String>();
        ok(http.get("/api/returns/" + returnId + "/history", "admin")).json().get("events")
                .forEach(event -> types.add(event.get("type").asText()));
        return types;
    }

    private void order(String orderId, String sku, int quantity, String unitPrice, int shippedDaysAgo) {
        ok(http.post("/api/sales-orders", "integration", """
                {"orderId":"%s","customer":{"id":"C-%s","name":"张伟","contact":"zhang.wei@example.com"},
                 "warehouse":"WH-SH","shippedAt":"%s","currency":"CNY",
                 "lines":[{"lineNo":1,"sku":"%s","category":"general","quantity":%d,"unitPrice":%s,
                           "unitCost":10.00}]}
                """.formatted(orderId, orderId.substring(orderId.length() - 1),
                clock.instant().minus(Duration.ofDays(shippedDaysAgo)), sku, quantity, unitPrice)));
    }

    private String submit(String orderId, int quantity, String reason, String resolution) {
        return ok(http.post("/api/returns", "cs", """
                {"orderId":"%s","lines":[{"lineNo":1,"quantity":%d,"condition":"DEFECTIVE"}],
                 "reason":"%s","reasonText":"fixture","channel":"HOTLINE","wantedResolution":"%s"}
                """.formatted(orderId, quantity, reason, resolution))).json().get("returnId").asText();
    }

    private ReturnsHttp.Response put(String path, String user, String json) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port).build().put().uri(path)
                .headers(h -> h.setBasicAuth(user, user)).contentType(MediaType.APPLICATION_JSON).body(json)
                .exchange((request, response) -> new ReturnsHttp.Response(response.getStatusCode().value(),
                        response.getHeaders(), new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    private static ReturnsHttp.Response ok(ReturnsHttp.Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 202);
        return response;
    }

    private static HttpServer webhook() {
        try {
            var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
