package com.jxc.returns.app.demo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What {@code --returns.demo-data=true} gives a newcomer, and an operator's first query on the read store. */
@ServiceTest(properties = "returns.demo-data=true")
class DemoDataTest extends ServiceOverHttp {

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Autowired
    MongoDatabase database;
    @Autowired
    EventStore eventStore;
    @Autowired
    DemoData demoData;

    @Test
    void returnsInEveryStageOfReviewAndOneRefundedThatTheFirstAggregationFinds() {
        Map<String, String> states = Map.of("DEMO-RET-1", "APPROVED", "DEMO-RET-2", "REQUESTED",
                "DEMO-RET-3", "SETTLED");
        await("the demo returns in their read model").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                states.forEach((id, state) -> assertThat(view(id).path("state").asText()).as(id).isEqualTo(state)));
        JsonNode refunded = view("DEMO-RET-3");
        BigDecimal refund = refunded.at("/settlement/refunded").decimalValue();
        assertThat(refund).isPositive();

        // what outside-checks and an operator run with mongosh first: refunds summed per reason
        List<Document> byReason = database.getCollection("returns").aggregate(List.of(
                Aggregates.match(Filters.eq("state", "SETTLED")),
                Aggregates.group("$request.reason", Accumulators.sum("refunded", "$settlement.refunded"))))
                .into(new ArrayList<>());
        assertThat(byReason).singleElement().satisfies(group -> {
            assertThat(group.getString("_id")).isEqualTo(refunded.at("/request/reason").asText())
                    .isEqualTo("TRANSIT_DAMAGE");
            assertThat(group.get("refunded", Decimal128.class).bigDecimalValue()).isEqualByComparingTo(refund);
        });

        long head = eventStore.createHeadToken().position().orElseThrow();
        demoData.run(null);
        assertThat(eventStore.createHeadToken().position().orElseThrow()).as("loaded once").isEqualTo(head);
    }

    private JsonNode view(String id) {
        var response = http.get("/api/returns/" + id, "reviewer");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json(json);
    }
}
