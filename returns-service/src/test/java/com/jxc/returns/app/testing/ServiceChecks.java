package com.jxc.returns.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Waits on the service's own reports, asked over HTTP: read models at the head, the audit chain sealed. */
public final class ServiceChecks {

    public static final Duration CATCH_UP = Duration.ofSeconds(120);

    private ServiceChecks() {
    }

    /** {@code GET /api/admin/read-models} as the auditor: one status per read model. */
    public static List<JsonNode> readModelStatuses(ServiceHttp http) {
        var list = new ArrayList<JsonNode>();
        http.get("/api/admin/read-models", "auditor").json().forEach(list::add);
        return list;
    }

    /** Every read model at the head of the stream, not replaying, nothing parked. */
    public static void awaitCaughtUp(ServiceHttp http) {
        try {
            await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(200)).until(() -> {
                List<JsonNode> now = readModelStatuses(http);
                return !now.isEmpty() && now.stream().allMatch(status -> !status.get("replaying").asBoolean()
                        && status.get("position").asLong() >= status.get("head").asLong()
                        && status.get("deadLetters").asLong() == 0);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("read models did not catch up: " + readModelStatuses(http), e);
        }
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
}
