package com.jxc.returns.app.readmodels;

import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A projection that fails on one event parks it and goes on; a watcher of a return sees its changes live, and none of
 * its past states when its read model is rebuilt.
 */
@ServiceTest
class DeadLetterAndUpdatesTest extends ServiceOverHttp {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    MongoDatabase database;

    @Test
    void eventAProjectionCannotHandleIsParkedTheRestGoesOnAndARetryDrainsIt() throws Exception {
        String poisoned = submitReturnNeedingReview();
        Document original = await().atMost(WAIT).until(() -> returnsDocument(poisoned), doc -> doc != null);
        database.getCollection("returns").updateOne(Filters.eq("_id", poisoned),
                new Document("$set", new Document("lines", "not a list of lines")));

        lifecycle.approve(poisoned).ok("approve");
        String healthy = submitReturnNeedingReview();

        await().atMost(WAIT).until(() -> get("cs", "/api/returns/" + healthy) != null);
        JsonNode parked = await().atMost(WAIT).until(() -> get("admin", "/api/admin/dead-letters"),
                letters -> letters != null && letters.size() > 0);
        assertThat(parked.findValuesAsText("readModel")).containsOnly("returns");
        assertThat(parked.findValuesAsText("payloadType")).contains("ReturnApproved");
        assertThat(parked.get(0).get("cause").asText()).isNotBlank();
        assertThat(statusOf("returns").get("deadLetters").asLong()).isEqualTo(parked.size());

        database.getCollection("returns").replaceOne(Filters.eq("_id", poisoned), original);
        JsonNode retried = http.post("/api/admin/dead-letters/returns/retry", "admin", "").ok("retry").json();

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
        var stream = http.streamLines("/api/returns/" + returnId + "/updates", "cs", line -> {
            if (line.startsWith("data:")) {
                events.add(line);
            }
        });
        try {
            await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.contains("\"state\":\"REQUESTED\"")));

            lifecycle.reject(returnId, "outside policy").ok("reject");

            await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.contains("\"state\":\"REJECTED\"")));
        } finally {
            stream.cancel(true);
        }
    }

    @Test
    void aRebuildSendsAWatcherNoneOfTheReturnsPastStates() throws Exception {
        String returnId = submitReturnNeedingReview();
        lifecycle.approve(returnId).ok("approve");
        await().atMost(WAIT).until(() -> get("cs", "/api/returns/" + returnId),
                view -> view != null && !view.get("state").asText().equals("REQUESTED"));
        List<String> states = new CopyOnWriteArrayList<>();
        var stream = http.streamLines("/api/returns/" + returnId + "/updates", "cs", line -> {
            if (line.startsWith("data:")) {
                states.add(stateIn(line.substring("data:".length())));
            }
        });
        try {
            await().atMost(WAIT).until(() -> !states.isEmpty());
            String current = states.get(0);

            http.post("/api/admin/read-models/returns/rebuild", "admin", null).ok("rebuild");
            await().atMost(WAIT).until(() -> statusOf("returns").at("/rebuild/finished").asBoolean());
            lifecycle.cancel(returnId, "changed my mind").ok("cancel");

            await().atMost(WAIT).until(() -> states.contains("CANCELLED"));
            assertThat(states).as("its state when the watch began, then its cancellation; none of the states the "
                    + "rebuild passed through again").doesNotContain("REQUESTED").startsWith(current)
                    .endsWith("CANCELLED");
        } finally {
            stream.cancel(true);
        }
    }

    private String submitReturnNeedingReview() {
        String orderId = "SO-" + UUID.randomUUID().toString().substring(0, 8);
        return lifecycle.orderAndSubmit(
                Orders.salesOrder(orderId).customer("C-9", "Li", "li@example.com").shippedDaysAgo(2)
                        .line("SKU-DL", "general", 2, "900.00"),
                Orders.returnOf(orderId).line(1, 1, "OPENED"));
    }

    private static String stateIn(String view) {
        try {
            return JSON.readTree(view).get("state").asText();
        } catch (Exception e) {
            throw new AssertionError(view, e);
        }
    }

    private Document returnsDocument(String returnId) {
        return database.getCollection("returns").find(Filters.eq("_id", returnId)).first();
    }

    private JsonNode statusOf(String readModel) {
        return get("admin", "/api/admin/read-models/" + readModel);
    }

    private JsonNode get(String user, String path) {
        ServiceHttp.Response response = http.get(path, user);
        return response.is2xx() ? response.json() : null;
    }
}
