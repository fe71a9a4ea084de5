package com.jxc.returns.app.it;

import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service as one process on its embedded defaults (H2 file event store, in-process MongoDB-compatible read
 * store), driven over real HTTP.
 */
@ServiceTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class InProcessHttpApiTest extends ServiceOverHttp {

    private static final Duration READ_MODEL_LAG = Duration.ofSeconds(30);


    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventStore eventStore;

    private final ObjectMapper json = new ObjectMapper();


    private static String newOrderId() {
        return "SO-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private long storedEvents() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
    }

    @Test
    void acknowledgedReturnIsReadableFromTheReadModel() {
        String orderId = newOrderId();
        assertThat(lifecycle.recordOrder(Orders.salesOrder(orderId, 2)).status()).isEqualTo(201);

        var submitted = lifecycle.submit(Orders.returnOf(orderId, 1));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        String location = submitted.headers().getFirst(HttpHeaders.LOCATION);
        String returnId = submitted.createdId();
        assertThat(location).isEqualTo("/api/returns/" + returnId);
        assertThat(submitted.json().path("returnId").asText()).isEqualTo(returnId);

        var detail = await().atMost(READ_MODEL_LAG).until(() -> http.get(location, "cs"), r -> r.status() == 200);
        JsonNode view = detail.json();
        assertThat(view.path("returnId").asText()).isEqualTo(returnId);
        assertThat(view.path("state").asText()).isEqualTo("REQUESTED");
        assertThat(view.path("request").path("orderId").asText()).isEqualTo(orderId);
        assertThat(view.path("request").path("requestedBy").asText()).isEqualTo("cs");
        assertThat(view.path("lines").get(0).path("requested").asInt()).isEqualTo(1);

        var worklist = http.get("/api/returns?state=REQUESTED&size=200", "reviewer");
        assertThat(worklist.status()).as(worklist.toString()).isEqualTo(200);
        assertThat(worklist.json().path("items").findValuesAsText("returnId")).contains(returnId);
        assertThat(worklist.json().path("items").findValuesAsText("state")).containsOnly("REQUESTED");
    }

    @Test
    void everyStoredEventCarriesTheActingUserAndTheRequestsCorrelation() throws Exception {
        String orderId = newOrderId();
        String correlationId = "corr-" + UUID.randomUUID();
        assertThat(lifecycle.recordOrder(Orders.salesOrder(orderId, 2)).status()).isEqualTo(201);

        var submitted = lifecycle.submit(Orders.returnOf(orderId, 1), Map.of("X-Correlation-Id", correlationId));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        String returnId = submitted.createdId();

        // through Axon: the return's own event and the order's reservation, both caused by the one command
        List<? extends DomainEventMessage<?>> returnEvents = eventStore.readEvents(returnId).asStream().toList();
        assertThat(returnEvents).hasSize(1);
        DomainEventMessage<?> reserved = eventStore.readEvents(orderId).asStream()
                .filter(e -> e.getPayloadType().getSimpleName().equals("ReturnQuantityReserved"))
                .findFirst().orElseThrow();
        for (DomainEventMessage<?> event : List.of(returnEvents.get(0), reserved)) {
            assertThat(event.getMetaData())
                    .as(event.getPayloadType().getSimpleName())
                    .containsEntry("userId", "cs")
                    .containsEntry("userRole", "CUSTOMER_SERVICE")
                    .containsEntry("correlationId", correlationId)
                    .containsKey("causationId");
            assertThat(String.valueOf(event.getMetaData().get("causationId"))).isNotBlank()
                    .isNotEqualTo(correlationId);
        }
        assertThat(reserved.getMetaData().get("causationId")).isEqualTo(returnEvents.get(0).getMetaData()
                .get("causationId"));

        // and as stored in the H2 table
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT payloadType, metaData FROM DomainEventEntry WHERE aggregateIdentifier = ?", returnId);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("PAYLOADTYPE")).isEqualTo("ReturnRequested");
        JsonNode metaData = json.readTree(new String((byte[]) rows.get(0).get("METADATA"), StandardCharsets.UTF_8));
        assertThat(metaData.path("userId").asText()).isEqualTo("cs");
        assertThat(metaData.path("userRole").asText()).isEqualTo("CUSTOMER_SERVICE");
        assertThat(metaData.path("correlationId").asText()).isEqualTo(correlationId);
        assertThat(metaData.path("causationId").asText()).isNotBlank();

        // the integration system's order carries its own user and role
        DomainEventMessage<?> recorded = eventStore.readEvents(orderId).asStream().findFirst().orElseThrow();
        assertThat(recorded.getMetaData()).containsEntry("userId", "integration")
                .containsEntry("userRole", "INTEGRATION").containsKeys("correlationId", "causationId");
    }

    @Test
    void returningMoreThanWasShippedIsARuleViolationAndStoresNothing() {
        String orderId = newOrderId();
        assertThat(lifecycle.recordOrder(Orders.salesOrder(orderId, 2)).status()).isEqualTo(201);
        long before = storedEvents();

        var refused = lifecycle.submit(Orders.returnOf(orderId, 3));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.isProblem()).as(refused.toString()).isTrue();
        assertThat(refused.json().path("status").asInt()).isEqualTo(422);
        assertThat(storedEvents()).isEqualTo(before);
    }

    static Stream<Arguments> malformedBodies() {
        String order = Orders.salesOrder("SO-BAD-1", 2).json();
        String ret = Orders.returnOf("SO-BAD-1", 1).json();
        return Stream.of(
                Arguments.of("/api/sales-orders", "integration", "order: not JSON", "{\"orderId\":\"SO-BAD-1\","),
                Arguments.of("/api/sales-orders", "integration", "order: quantity is text",
                        order.replace("\"quantity\":2", "\"quantity\":\"two\"")),
                Arguments.of("/api/sales-orders", "integration", "order: lines is an object",
                        order.replaceFirst("(?s)\"lines\":\\[(.*)]", "\"lines\":$1")),
                Arguments.of("/api/sales-orders", "integration", "order: unknown field",
                        order.replace("\"currency\":\"CNY\"", "\"currency\":\"CNY\",\"discount\":5")),
                Arguments.of("/api/sales-orders", "integration", "order: fractional quantity",
                        order.replace("\"quantity\":2", "\"quantity\":1.5")),
                Arguments.of("/api/returns", "cs", "return: not JSON", "{\"orderId\":"),
                Arguments.of("/api/returns", "cs", "return: trailing garbage", ret + "}"),
                Arguments.of("/api/returns", "cs", "return: quantity is text",
                        ret.replace("\"quantity\":1", "\"quantity\":\"one\"")),
                Arguments.of("/api/returns", "cs", "return: lines is a string",
                        ret.replaceFirst("\"lines\":\\[.*?]", "\"lines\":\"line 1\"")),
                Arguments.of("/api/returns", "cs", "return: unknown field",
                        ret.replace("\"channel\":\"HOTLINE\"", "\"channel\":\"HOTLINE\",\"priority\":\"high\"")),
                Arguments.of("/api/returns", "cs", "return: fractional quantity",
                        ret.replace("\"quantity\":1", "\"quantity\":0.5")),
                Arguments.of("/api/returns", "cs", "return: unknown enum value",
                        ret.replace("\"REFUND\"", "\"FREE_MONEY\"")));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("malformedBodies")
    void malformedJsonIsRefusedWithProblemAndStoresNothing(String path, String user, String label, String body) {
        long before = storedEvents();
        assertThat(body).as("the case must differ from a valid body")
                .isNotEqualTo(Orders.salesOrder("SO-BAD-1", 2).json()).isNotEqualTo(Orders.returnOf("SO-BAD-1", 1).json());

        var refused = http.post(path, user, body);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.isProblem()).as(refused.toString()).isTrue();
        assertThat(refused.json().path("status").asInt()).isEqualTo(400);
        assertThat(refused.json().path("type").asText()).isNotBlank();
        assertThat(refused.body()).doesNotContain("com.jxc", "Exception", "at com.");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void anonymousAndWronglySignedInCallersAreRefusedWithProblem() {
        long before = storedEvents();

        for (var refused : List.of(
                http.post("/api/returns", null, Orders.returnOf("SO-X", 1)),
                http.post("/api/sales-orders", null, Orders.salesOrder("SO-X", 1)),
                http.get("/api/returns?state=REQUESTED", null),
                http.postAs("/api/returns", "cs", "not-the-password", Orders.returnOf("SO-X", 1)))) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
            assertThat(refused.isProblem()).as(refused.toString()).isTrue();
            assertThat(refused.json().path("status").asInt()).isEqualTo(401);
            assertThat(refused.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");
        }
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void healthTellsAnyoneTheStatusAndOperatorsTheEventStoreAndTheReadModelStore() {
        var anonymous = http.get("/actuator/health", null);
        assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(200);
        assertThat(anonymous.json().path("status").asText()).isEqualTo("UP");
        assertThat(anonymous.json().has("components")).as(anonymous.toString()).isFalse();
        assertThat(http.get("/actuator/health", "reviewer").json().has("components")).isFalse();

        var health = http.get("/actuator/health", "admin");
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
        assertThat(health.json().path("components").path("eventStore").path("status").asText()).isEqualTo("UP");
        assertThat(health.json().path("components").path("eventStore").path("details").path("store").asText())
                .isEqualTo("EmbeddedEventStore");
        assertThat(health.json().path("components").path("mongo").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void callersOutsideTheEndpointsRoleAreForbiddenWithProblem() {
        long before = storedEvents();

        for (var refused : List.of(
                http.post("/api/returns", "integration", Orders.returnOf("SO-X", 1)),
                http.post("/api/returns", "warehouse", Orders.returnOf("SO-X", 1)),
                http.post("/api/sales-orders", "cs", Orders.salesOrder("SO-X", 1)),
                http.get("/api/returns?state=REQUESTED", "integration"))) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.isProblem()).as(refused.toString()).isTrue();
            assertThat(refused.json().path("status").asInt()).isEqualTo(403);
        }
        assertThat(storedEvents()).isEqualTo(before);
    }
}
