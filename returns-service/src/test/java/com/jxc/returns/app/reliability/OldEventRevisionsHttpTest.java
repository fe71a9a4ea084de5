package com.jxc.returns.app.reliability;

import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.LifecycleDriver;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.jxc.returns.app.reliability.ReliabilityScenarios.ok;
import static com.jxc.returns.app.testing.LifecycleDriver.inspected;
import static com.jxc.returns.app.testing.LifecycleDriver.lines;
import static com.jxc.returns.app.testing.LifecycleDriver.method;
import static com.jxc.returns.app.testing.ServiceChecks.awaitCaughtUp;
import static com.jxc.returns.app.testing.ServiceChecks.awaitSealedAndVerified;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store written partly by the previous version of the service: {@code fixtures/events-rev1.jsonl} is the export of
 * a store written before {@code FeedbackGiven} got revision 2 (its feedback events are revision 1, without a
 * channel), imported into a new installation, then extended with new revision-2 events, also on the old aggregates.
 * Aggregates, the live and rebuilt read model, as-of queries and history all work over the mix; the revision-1 events
 * read as channel NOT_RECORDED, the stored bytes stay as they were, and the tamper evidence still verifies.
 */
@ServiceTest
class OldEventRevisionsHttpTest extends ServiceOverHttp {

    private static final ObjectMapper JSON = new ObjectMapper();


    @Test
    void revisionOneFeedbackIsUpcastEverywhereItIsReadAndTheStoredBytesStayVerifiable() throws Exception {
        String fixture = fixture();
        List<JsonNode> oldEvents = fixture.lines().map(OldEventRevisionsHttpTest::json).toList();
        List<JsonNode> oldFeedback = oldEvents.stream().filter(e -> e.get("type").asText().equals("FeedbackGiven"))
                .toList();
        assertThat(oldFeedback).hasSize(2).allSatisfy(event -> {
            assertThat(event.get("revision").asText()).isEqualTo("1");
            assertThat(event.get("payload").has("channel")).isFalse();
        });
        JsonNode firstFeedback = oldFeedback.get(0);
        String oldReturn = firstFeedback.get("aggregateId").asText();

        var imported = ok(http.post("/api/admin/import", "admin", fixture), "import");
        assertThat(imported.json().get("events").asLong()).isEqualTo(oldEvents.size());
        awaitCaughtUp(http);

        // read model rebuilt from the imported revision-1 events
        JsonNode oldView = http.get("/api/returns/" + oldReturn, "cs").json();
        assertThat(oldView.get("state").asText()).isEqualTo("SETTLED");
        assertThat(oldView.at("/feedback/rating").asInt()).isEqualTo(firstFeedback.at("/payload/rating").asInt());
        assertThat(oldView.at("/feedback/comment").asText()).isEqualTo(firstFeedback.at("/payload/comment").asText());
        assertThat(oldView.at("/feedback/channel").asText()).isEqualTo("NOT_RECORDED");

        // the aggregate is loaded from its revision-1 events: its feedback counts as given
        var again = http.post("/api/returns/" + oldReturn + "/feedback", "cs", "{\"rating\":1,\"channel\":\"EMAIL\"}");
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.json().get("rule").asText()).isEqualTo("feedback-already-given");

        // new events at revision 2, on a new order and on an old one
        String newReturn = settledReturnWithFeedback("SO-REV2-1", "{\"rating\":5,\"comment\":\"好\",\"channel\":\"SURVEY\"}");
        String onOldOrder = ok(lifecycle.submit(Orders.returnOf("SO-REV1-3", 1)),
                "return on an order recorded at revision 1").json().get("returnId").asText();
        // the fixture's order shipped on a fixed day, so by now its return window may have ended
        ok(lifecycle.approve(onOldOrder, "{\"windowOverrideReason\":\"order shipped before this test was written\"}"),
                "approve");
        String withoutChannel = settledReturnWithFeedback("SO-REV2-2", "{\"rating\":3}");
        awaitCaughtUp(http);

        List<JsonNode> stored = export(http);
        assertThat(stored.stream().filter(e -> e.get("type").asText().equals("FeedbackGiven"))
                .map(e -> e.get("revision").asText()).toList()).containsExactly("1", "1", "2", "2");
        assertThat(stored.subList(0, oldEvents.size())).as("the old events are stored as they were imported")
                .isEqualTo(oldEvents);

        JsonNode newView = http.get("/api/returns/" + newReturn, "cs").json();
        assertThat(newView.at("/feedback/channel").asText()).isEqualTo("SURVEY");
        assertThat(http.get("/api/returns/" + withoutChannel, "cs").json().at("/feedback/channel").asText())
                .isEqualTo("NOT_RECORDED");
        assertThat(http.get("/api/returns/" + onOldOrder, "cs").json().get("state").asText()).isEqualTo("APPROVED");

        // as-of queries read the aggregate's events through the upcaster
        Instant givenAt = Instant.parse(firstFeedback.get("timestamp").asText());
        JsonNode asOfFeedback = http.get("/api/returns/" + oldReturn + "?asOf=" + givenAt, "cs").json();
        assertThat(asOfFeedback.at("/feedback/channel").asText()).isEqualTo("NOT_RECORDED");
        assertThat(((com.fasterxml.jackson.databind.node.ObjectNode) asOfFeedback).remove("integrity")
                .get("verified").asBoolean()).as("its events pass tamper verification").isTrue();
        // what the caller may do now belongs to the live answer only, not to the return as it stood
        assertThat(asOfFeedback).isEqualTo(((com.fasterxml.jackson.databind.node.ObjectNode) oldView.deepCopy())
                .without("allowedActions"));
        JsonNode beforeFeedback = http.get("/api/returns/" + oldReturn + "?asOf=" + givenAt.minusMillis(1), "cs")
                .json();
        assertThat(beforeFeedback.get("state").asText()).isEqualTo("SETTLED");
        assertThat(beforeFeedback.has("feedback")).isFalse();

        // history shows what is stored: revision 1 without a channel, revision 2 with one
        JsonNode oldHistory = lastEvent(http.get("/api/returns/" + oldReturn + "/history", "auditor").json());
        assertThat(oldHistory.get("type").asText()).isEqualTo("FeedbackGiven");
        assertThat(oldHistory.get("revision").asText()).isEqualTo("1");
        assertThat(oldHistory.get("payload")).isEqualTo(firstFeedback.get("payload"));
        JsonNode newHistory = lastEvent(http.get("/api/returns/" + newReturn + "/history", "auditor").json());
        assertThat(newHistory.get("revision").asText()).isEqualTo("2");
        assertThat(newHistory.at("/payload/channel").asText()).isEqualTo("SURVEY");

        // a replay over the mix gives the same read model
        assertThat(http.post("/api/admin/read-models/returns/rebuild", "admin", "").status()).isEqualTo(202);
        awaitCaughtUp(http);
        assertThat(http.get("/api/returns/" + oldReturn, "cs").json()).isEqualTo(oldView);
        assertThat(http.get("/api/returns/" + newReturn, "cs").json()).isEqualTo(newView);

        // upcasting happens on reading: the hashes over the stored bytes still verify
        long last = stored.get(stored.size() - 1).get("position").asLong();
        JsonNode report = awaitSealedAndVerified(http, last);
        assertThat(report.get("eventsChecked").asLong()).isEqualTo(stored.size());
        System.out.println("UPCAST VIEW " + oldView.get("feedback") + "\nVERIFY " + report);
    }

    private String settledReturnWithFeedback(String orderId, String feedback) {
        ok(lifecycle.recordOrder(Orders.salesOrder(orderId).customer("C-9", "王五", "wangwu@example.com")
                .shippedDaysAgo(3).line("SKU-1", "electronics", 2, "199.00", "100.00")), "order");
        String id = ok(lifecycle.submit(Orders.returnOf(orderId, 1)), "return").json().get("returnId").asText();
        ok(lifecycle.approve(id), "approve");
        ok(lifecycle.receive(id, lines(1, 1)), "receive");
        ok(lifecycle.inspect(id, inspected(1, 1, 0, 0, 0, 0)), "inspect");
        ok(lifecycle.settle(id, method("REFUND")), "settle");
        ok(lifecycle.feedback(id, feedback), "feedback");
        return id;
    }

    private static JsonNode lastEvent(JsonNode history) {
        JsonNode events = history.get("events");
        return events.get(events.size() - 1);
    }

    static List<JsonNode> export(ServiceHttp http) {
        var response = http.get("/api/admin/export", "admin");
        assertThat(response.status()).isEqualTo(200);
        var lines = new ArrayList<JsonNode>();
        response.body().lines().map(OldEventRevisionsHttpTest::json).forEach(lines::add);
        return lines;
    }

    static String fixture() throws IOException {
        try (InputStream in = OldEventRevisionsHttpTest.class.getResourceAsStream("/fixtures/events-rev1.jsonl")) {
            assertThat(in).as("fixtures/events-rev1.jsonl").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
