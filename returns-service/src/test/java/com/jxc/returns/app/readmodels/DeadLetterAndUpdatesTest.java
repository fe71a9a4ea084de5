package com.jxc.returns.app.readmodels;

import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.app.testing.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A projection that fails on one event parks it and goes on; a watcher of a return sees its changes live. */
@ServiceTest
class DeadLetterAndUpdatesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    MongoDatabase database;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void eventAProjectionCannotHandleIsParkedTheRestGoesOnAndARetryDrainsIt() throws Exception {
        String poisoned = submitReturnNeedingReview();
        Document original = await().atMost(WAIT).until(() -> returnsDocument(poisoned), doc -> doc != null);
        database.getCollection("returns").updateOne(Filters.eq("_id", poisoned),
                new Document("$set", new Document("lines", "not a list of lines")));

        post("reviewer", "/api/returns/" + poisoned + "/approve", "{}");
        String healthy = submitReturnNeedingReview();

        await().atMost(WAIT).until(() -> get("cs", "/api/returns/" + healthy) != null);
        JsonNode parked = await().atMost(WAIT).until(() -> get("admin", "/api/admin/dead-letters"),
                letters -> letters != null && letters.size() > 0);
        assertThat(parked.findValuesAsText("readModel")).containsOnly("returns");
        assertThat(parked.findValuesAsText("payloadType")).contains("ReturnApproved");
        assertThat(parked.get(0).get("cause").asText()).isNotBlank();
        assertThat(statusOf("returns").get("deadLetters").asLong()).isEqualTo(parked.size());

        database.getCollection("returns").replaceOne(Filters.eq("_id", poisoned), original);
        JsonNode retried = json.readTree(post("admin", "/api/admin/dead-letters/returns/retry", ""));

        assertThat(retried.get("processedSequences").asInt()).isEqualTo(1);
        assertThat(get("admin", "/api/admin/dead-letters")).isEmpty();
        JsonNode view = await().atMost(WAIT).until(() -> get("cs", "/api/returns/" + poisoned),
                v -> v != null && v.get("state").asText().equals("APPROVED"));
        assertThat(view.at("/returnOrder/number").asText()).startsWith("RT-");
    }

    @Test
    void aWatcherOfAReturnReceivesItsStateAndThenEveryChange() throws Exception {
        String returnId = submitReturnNeedingReview();
        await().atMost(WAIT).until(() -> get("cs", "/api/returns/" + returnId) != null);
        List<String> events = new CopyOnWriteArrayList<>();
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/returns/" + returnId
                        + "/updates"))
                .header("Authorization", basic("cs")).header("Accept", MediaType.TEXT_EVENT_STREAM_VALUE).build();
        var stream = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().filter(line -> line.startsWith("data:")).forEach(events::add));
        try {
            await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.contains("\"state\":\"REQUESTED\"")));

            post("reviewer", "/api/returns/" + returnId + "/reject", "{\"reason\":\"outside policy\"}");

            await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.contains("\"state\":\"REJECTED\"")));
        } finally {
            stream.cancel(true);
        }
    }

    private String submitReturnNeedingReview() throws Exception {
        String orderId = "SO-" + UUID.randomUUID().toString().substring(0, 8);
        post("integration", "/api/sales-orders", """
                {"orderId":"%s","customer":{"id":"C-9","name":"Li","contact":"li@example.com"},"warehouse":"WH-SH",
                 "shippedAt":"%s","currency":"CNY",
                 "lines":[{"lineNo":1,"sku":"SKU-DL","category":"general","quantity":2,"unitPrice":900.00}]}
                """.formatted(orderId, TestClock.now().minus(Duration.ofDays(2))));
        String body = post("cs", "/api/returns", """
                {"orderId":"%s","lines":[{"lineNo":1,"quantity":1,"condition":"OPENED"}],"reason":"DISSATISFIED",
                 "channel":"HOTLINE","wantedResolution":"REFUND"}""".formatted(orderId));
        return json.readTree(body).get("returnId").asText();
    }

    private Document returnsDocument(String returnId) {
        return database.getCollection("returns").find(Filters.eq("_id", returnId)).first();
    }

    private JsonNode statusOf(String readModel) {
        return get("admin", "/api/admin/read-models/" + readModel);
    }

    private JsonNode get(String user, String path) {
        return client(user).get().uri(path).exchange((request, response) -> response.getStatusCode().is2xxSuccessful()
                ? json.readTree(response.getBody()) : null);
    }

    private String post(String user, String path, String body) {
        return client(user).post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .body(String.class);
    }

    private RestClient client(String user) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", basic(user)).build();
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }
}
