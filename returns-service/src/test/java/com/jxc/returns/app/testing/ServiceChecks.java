package com.jxc.returns.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Waits on the service's own reports, asked over HTTP: read models at the head, the audit chain sealed. */
public final class ServiceChecks {

    public static final Duration CATCH_UP = Duration.ofSeconds(120);
    private static final long NOT_AT_THE_HEAD = Long.MIN_VALUE;

    private ServiceChecks() {
    }

    /** {@code GET /api/admin/read-models} as the auditor: one status per read model. */
    public static List<JsonNode> readModelStatuses(ServiceHttp http) {
        var list = new ArrayList<JsonNode>();
        http.get("/api/admin/read-models", "auditor").json().forEach(list::add);
        return list;
    }

    /**
     * Every read model at the head of the stream, not replaying, nothing parked, and so every event processor, twice
     * in a row with no event stored in between: processors that send commands of their own (the reservation keeper
     * gives an order's units back after a rejection) store events after the one they handle, so read models at the
     * head of a moment are not yet the read models of the commands answered so far.
     */
    public static void awaitCaughtUp(ServiceHttp http) {
        var settledAt = new AtomicLong(NOT_AT_THE_HEAD);
        try {
            await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(200)).until(() -> {
                long head = everyProcessorAtTheHead(http);
                List<JsonNode> now = readModelStatuses(http);
                boolean readModels = !now.isEmpty() && now.stream().allMatch(status ->
                        !status.get("replaying").asBoolean()
                        && status.get("position").asLong() >= status.get("head").asLong()
                        && status.get("deadLetters").asLong() == 0);
                long before = settledAt.getAndSet(readModels ? head : NOT_AT_THE_HEAD);
                return readModels && head != NOT_AT_THE_HEAD && head == before;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("read models did not catch up: " + readModelStatuses(http) + "; processors: "
                    + http.get("/actuator/health/processors", "admin").body(), e);
        }
    }

    /** The head of the stream if every event processor of the service is at it (its health entry). */
    private static long everyProcessorAtTheHead(ServiceHttp http) {
        long head = -1;
        for (JsonNode processor : http.get("/actuator/health/processors", "admin").json().path("components")) {
            JsonNode details = processor.path("details");
            if (!details.has("head") || details.path("position").asLong() < details.path("head").asLong()) {
                return NOT_AT_THE_HEAD;
            }
            head = Math.max(head, details.path("head").asLong());
        }
        return head;
    }

    /** The tamper-evidence report once the global chain is sealed up to the last stored event. */
    public static JsonNode awaitSealedAndVerified(ServiceHttp http, long lastPosition) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> http.get("/api/audit/verify", "auditor").json().path("sealedUpTo").asLong(-1)
                        >= lastPosition);
        JsonNode report = http.get("/api/audit/verify", "auditor").json();
        assertThat(report.get("verified").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("problemsFound").asLong()).isZero();
        return report;
    }

    /**
     * Each return whose detail is not what its events say: {@code GET /api/returns/{id}} must answer 200 with the view
     * that {@code ?asOf=} now folds from the event store, but for what only one of them carries (the live view's
     * {@code allowedActions}, the as-of view's {@code integrity}). Empty when every return answers as its events.
     */
    public static List<String> returnsNotAsTheirEvents(ServiceHttp http, Collection<String> returnIds) {
        String now = Instant.now().toString();
        List<String> wrong = new ArrayList<>();
        for (String id : returnIds) {
            var live = http.get("/api/returns/" + id, "cs");
            var folded = http.get("/api/returns/" + id + "?asOf=" + now, "cs");
            if (live.status() != 200 || folded.status() != 200) {
                wrong.add(id + ": " + live.status() + " " + live.body() + " / as of now: " + folded.status());
                continue;
            }
            JsonNode liveView = withoutExtras(live.json());
            JsonNode foldedView = withoutExtras(folded.json());
            if (!liveView.equals(foldedView)) {
                wrong.add(id + ": answers " + liveView + " but its events say " + foldedView);
            }
        }
        return wrong;
    }

    private static JsonNode withoutExtras(JsonNode view) {
        ObjectNode copy = view.deepCopy();
        copy.remove(List.of("allowedActions", "integrity"));
        return copy;
    }
}
