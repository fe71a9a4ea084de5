package com.jxc.returns.app.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.platform.health.ReadStoreChecks;
import com.jxc.returns.platform.storage.StoredTokenPositions;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoDatabase;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.contributor.Status;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.reset;

/**
 * Liveness and readiness as a load balancer reads them: readiness needs the event store, the read-model store and every
 * event processor within its lag; liveness needs only the process.
 */
@ServiceTest
class HealthProbesHttpTest extends ServiceOverHttp {

    @MockitoSpyBean
    MongoDatabase readModelDatabase;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    EventStore eventStore;

    @Autowired
    StoredTokenPositions storedPositions;

    @Autowired
    ReadStoreChecks readStoreChecks;

    @Autowired
    HealthEndpointGroups groups;

    @Test
    void readinessNamesTheStoresAndOneEntryPerProcessorLivenessOnlyTheProcess() {
        String order = "SO-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(lifecycle.recordOrder(Orders.salesOrder(order, 2)).status()).isEqualTo(201);

        await("ready").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(http.get("/actuator/health/readiness", null).status()).isEqualTo(200));
        assertThat(http.get("/actuator/health/liveness", null).json().path("status").asText()).isEqualTo("UP");
        assertThat(http.get("/actuator/health/readiness", null).json().has("components")).isFalse();

        JsonNode readiness = http.get("/actuator/health/readiness", "admin").json();
        assertThat(names(readiness.path("components")))
                .containsExactlyInAnyOrder("readinessState", "eventStore", "mongo", "readStore", "processors");
        JsonNode processors = readiness.path("components").path("processors").path("components");
        assertThat(names(processors)).containsExactlyInAnyOrderElementsOf(streamingProcessors());
        long head = eventStore.createHeadToken().position().orElseThrow();
        processors.forEach(processor -> {
            assertThat(processor.path("status").asText()).isEqualTo("UP");
            assertThat(processor.path("details").path("state").asText()).isEqualTo("following");
            assertThat(processor.path("details").path("position").asLong()).isLessThanOrEqualTo(head);
            assertThat(processor.path("details").has("lag")).isTrue();
        });
        assertThat(names(http.get("/actuator/health/liveness", "admin").json().path("components")))
                .containsExactly("livenessState");
        // the default event store keeps an acknowledged command through a power loss, and says so
        JsonNode eventStoreHealth = readiness.path("components").path("eventStore").path("details");
        assertThat(eventStoreHealth.path("powerLossSafe").asBoolean()).as("%s", eventStoreHealth).isTrue();
        assertThat(eventStoreHealth.path("durability").asText()).contains("synced:");
    }

    @Test
    void readinessIsDownWhileTheReadModelStoreIsUnreachableAndLivenessIsNot() {
        await("ready").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(http.get("/actuator/health/readiness", null).status()).isEqualTo(200));
        try {
            doThrow(new MongoTimeoutException("read-model store unreachable (test)"))
                    .when(readModelDatabase).runCommand(any(Bson.class));

            var readiness = http.get("/actuator/health/readiness", "admin");
            assertThat(readiness.status()).as(readiness.toString()).isEqualTo(503);
            assertThat(readiness.json().path("components").path("mongo").path("status").asText()).isEqualTo("DOWN");
            assertThat(http.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        } finally {
            reset(readModelDatabase);
        }
        await("ready again").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http.get("/actuator/health/readiness", null).status()).isEqualTo(200));
    }

    @Test
    void readinessIsOutOfServiceWhileAReadStoreCheckRunsAndTheEntryNamesWhatItRepaired() {
        await("ready").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(http.get("/actuator/health/readiness", null).status()).isEqualTo(200));
        try (var check = readStoreChecks.start("probe-check")) {
            readStoreChecks.repaired("probe-check", "returns: _id index entry of RET-probe re-added");
            var readiness = http.get("/actuator/health/readiness", "admin");
            assertThat(readiness.status()).as(readiness.toString()).isEqualTo(503);
            JsonNode readStore = readiness.json().path("components").path("readStore");
            assertThat(readStore.path("status").asText()).isEqualTo("OUT_OF_SERVICE");
            assertThat(readStore.path("details").path("checksRunning").toString()).contains("probe-check");
            assertThat(http.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        }
        var readiness = http.get("/actuator/health/readiness", "admin");
        assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);
        JsonNode readStore = readiness.json().path("components").path("readStore");
        assertThat(readStore.path("status").asText()).isEqualTo("UP");
        assertThat(readStore.path("details").path("latestRepairs").toString())
                .contains("probe-check: returns: _id index entry of RET-probe re-added");
    }

    @Test
    void aProcessorWithoutAPositionKeepsReadinessDownButNotTheOverallStatus() {
        var readiness = groups.get("readiness");
        assertThat(readiness.getStatusAggregator().getAggregateStatus(Status.UP, Status.UNKNOWN))
                .isEqualTo(Status.UNKNOWN);
        assertThat(readiness.getHttpCodeStatusMapper().getStatusCode(Status.UNKNOWN)).isEqualTo(503);
        assertThat(readiness.getHttpCodeStatusMapper().getStatusCode(Status.OUT_OF_SERVICE)).isEqualTo(503);
        assertThat(readiness.getHttpCodeStatusMapper().getStatusCode(Status.DOWN)).isEqualTo(503);
        assertThat(groups.getPrimary().getStatusAggregator().getAggregateStatus(Status.UP, Status.UNKNOWN))
                .isEqualTo(Status.UP);
    }

    @Test
    void storedTokenPositionsAreReadWithoutClaimingAndStayBehindTheHead() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(storedPositions.of("returns")).isNotEmpty());
        long head = eventStore.createHeadToken().position().orElseThrow();
        assertThat(storedPositions.of("returns").values()).allSatisfy(position ->
                assertThat(position).isBetween(-1L, head));
        assertThat(storedPositions.of("no-such-processor")).isEmpty();
    }

    private List<String> streamingProcessors() {
        return processing.eventProcessors().entrySet().stream()
                .filter(entry -> entry.getValue() instanceof org.axonframework.eventhandling.StreamingEventProcessor)
                .map(java.util.Map.Entry::getKey).toList();
    }

    private static List<String> names(JsonNode object) {
        var names = new ArrayList<String>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
