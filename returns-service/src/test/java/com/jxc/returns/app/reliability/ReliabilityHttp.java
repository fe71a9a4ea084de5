package com.jxc.returns.app.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.jxc.returns.app.it.ReturnsHttp;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** HTTP steps the reliability scenarios share. */
final class ReliabilityHttp {

    static final Duration CATCH_UP = Duration.ofSeconds(120);

    private ReliabilityHttp() {
    }

    static ReturnsHttp.Response ok(ReturnsHttp.Response response, String what) {
        assertThat(response.status()).as(what + " " + response).isBetween(200, 201);
        return response;
    }

    static List<JsonNode> statuses(ReturnsHttp http) {
        var list = new ArrayList<JsonNode>();
        http.get("/api/admin/read-models", "auditor").json().forEach(list::add);
        return list;
    }

    /** Every read model at the head of the stream, not replaying, nothing parked. */
    static void awaitCaughtUp(ReturnsHttp http) {
        try {
            await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(200)).until(() -> {
                List<JsonNode> now = statuses(http);
                return !now.isEmpty() && now.stream().allMatch(status -> !status.get("replaying").asBoolean()
                        && status.get("position").asLong() >= status.get("head").asLong()
                        && status.get("deadLetters").asLong() == 0);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("read models did not catch up: " + statuses(http), e);
        }
    }

    /** The tamper-evidence report once the global chain is sealed up to the last stored event. */
    static JsonNode awaitSealedAndVerified(ReturnsHttp http, long lastPosition) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> http.get("/api/audit/verify", "auditor").json().path("sealedUpTo").asLong(-1)
                        >= lastPosition);
        JsonNode report = http.get("/api/audit/verify", "auditor").json();
        assertThat(report.get("verified").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("problemsFound").asLong()).isZero();
        return report;
    }
}
