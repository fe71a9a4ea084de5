package com.jxc.returns.app.readmodels;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.app.testing.TestClock;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import org.bson.Document;
import org.assertj.core.api.SoftAssertions;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.jxc.returns.app.testing.LifecycleDriver.inspected;
import static com.jxc.returns.app.testing.LifecycleDriver.lines;
import static com.jxc.returns.app.testing.LifecycleDriver.method;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an analyst runs through the MongoDB driver against the embedded read-model store, on returns made through
 * the API: the refunded amount summed per reason, the returns requested within a date range, numeric comparisons
 * on a quantity and on an amount, an index created and used. The answers must be what the API reports, exactly.
 */
@ServiceTest
@Import(TestClock.Config.class)
class AnalystQueriesTest extends ServiceOverHttp {

    /** Recent enough that no receipt deadline passes while the test runs. */
    private static final Instant BASE = TestClock.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);

    @Autowired
    TestClock clock;
    @Autowired
    MongoDatabase database;

    /** Amounts exactly as the API writes them, scale included (398.00 stays 398.00). */
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void sumsRangesAndComparisonsOverTheStoredDocumentsGiveWhatTheApiReports() throws Exception {
        Orders.SalesOrder order = Orders.salesOrder("SO-ANALYST").shippedAt(BASE.minus(Duration.ofDays(3)))
                .line("SKU-1", "electronics", 10, "199.00", "120.00")
                .line("SKU-2", "kitchen", 5, "33.33", "20.00");
        lifecycle.recordOrder(order).expect("order", 201);

        // A: 2 × 199.00, quality defect (auto-approved, no fee), requested at BASE
        String a = submitAt(BASE, Orders.returnOf("SO-ANALYST").line(1, 2, "DEFECTIVE").reason("QUALITY_DEFECT"));
        // B: 3 × 33.33, dissatisfied (reviewed, restocking fee), two hours later
        String b = submitAt(BASE.plus(Duration.ofHours(2)),
                Orders.returnOf("SO-ANALYST").line(2, 3, "OPENED").reason("DISSATISFIED"));
        // C: 1 × 199.00, dissatisfied, five hours later
        String c = submitAt(BASE.plus(Duration.ofHours(5)),
                Orders.returnOf("SO-ANALYST").line(1, 1, "OPENED").reason("DISSATISFIED"));
        clock.set(BASE.plus(Duration.ofHours(8)));
        lifecycle.receiveRestockAndRefund(a, 2, false);
        lifecycle.approve(b).expect("approve B", 200);
        lifecycle.receive(b, lines(2, 3)).expect("receive B", 200);
        lifecycle.inspect(b, inspected(2, 3, 0, 0, 0, 0)).expect("inspect B", 200);
        lifecycle.settle(b, method("REFUND")).expect("settle B", 200);
        lifecycle.receiveRestockAndRefund(c, 1, true);
        clock.reset();

        Map<String, BigDecimal> refundedByApi = new TreeMap<>();
        Map<String, BigDecimal> refundedByReturn = new TreeMap<>();
        for (String id : List.of(a, b, c)) {
            JsonNode view = await().atMost(Duration.ofSeconds(30)).until(
                    () -> http.get("/api/returns/" + id, "admin").json(json),
                    v -> "SETTLED".equals(v.path("state").asText()));
            BigDecimal refunded = view.at("/settlement/refunded").decimalValue();
            refundedByReturn.put(id, refunded);
            refundedByApi.merge(view.at("/request/reason").asText(), refunded, BigDecimal::add);
        }
        assertThat(refundedByApi.get("DISSATISFIED").signum()).as("the fixture refunds something").isPositive();
        MongoCollection<Document> returns = database.getCollection("returns");

        Map<String, BigDecimal> refundedByQuery = new TreeMap<>();
        returns.aggregate(List.of(
                Aggregates.match(Filters.in("_id", a, b, c)),
                Aggregates.group("$request.reason", Accumulators.sum("refunded", "$settlement.refunded"))))
                .forEach(group -> refundedByQuery.put(group.getString("_id"), decimal(group.get("refunded"))));
        var softly = new SoftAssertions();
        softly.assertThat(refundedByQuery).as("$sum of the refunded amounts per reason").isEqualTo(refundedByApi);

        List<String> requestedWithin = new ArrayList<>();
        returns.find(Filters.and(Filters.in("_id", a, b, c),
                        Filters.gte("request.requestedAt", Date.from(BASE.plus(Duration.ofHours(1)))),
                        Filters.lt("request.requestedAt", Date.from(BASE.plus(Duration.ofHours(6))))))
                .projection(Projections.include("_id")).forEach(found -> requestedWithin.add(found.getString("_id")));
        softly.assertThat(requestedWithin).as("requested within [BASE + 1 h, BASE + 6 h)")
                .containsExactlyInAnyOrder(b, c);

        List<String> moreThanTwoUnits = new ArrayList<>();
        returns.find(Filters.and(Filters.in("_id", a, b, c), Filters.gt("lines.requested", 2)))
                .projection(Projections.include("_id")).forEach(found -> moreThanTwoUnits.add(found.getString("_id")));
        softly.assertThat(moreThanTwoUnits).as("a line of more than two units requested").containsExactly(b);

        List<String> refundedAbove100 = new ArrayList<>();
        returns.find(Filters.and(Filters.in("_id", a, b, c),
                        Filters.gt("settlement.refunded", new Decimal128(new BigDecimal("100")))))
                .projection(Projections.include("_id")).forEach(found -> refundedAbove100.add(found.getString("_id")));
        List<String> refundedAbove100ByApi = new ArrayList<>();
        refundedByReturn.forEach((id, refunded) -> {
            if (refunded.compareTo(new BigDecimal("100")) > 0) {
                refundedAbove100ByApi.add(id);
            }
        });
        softly.assertThat(refundedAbove100).as("refunded more than 100.00")
                .containsExactlyInAnyOrderElementsOf(refundedAbove100ByApi).isNotEmpty();

        String index = returns.createIndex(Indexes.ascending("request.reason"));
        try {
            List<String> indexNames = new ArrayList<>();
            returns.listIndexes().forEach(described -> indexNames.add(described.getString("name")));
            softly.assertThat(indexNames).as("indexes after createIndex").contains(index);
            var byReason = Filters.eq("request.reason", "DISSATISFIED");
            Document plan = returns.find(byReason).explain();
            softly.assertThat(plan.toJson()).as("the plan of a query on the indexed field")
                    .contains("\"IXSCAN\"").contains("\"" + index + "\"");
            List<String> dissatisfied = new ArrayList<>();
            returns.find(byReason).projection(Projections.include("_id"))
                    .forEach(found -> dissatisfied.add(found.getString("_id")));
            softly.assertThat(dissatisfied).as("found through the index").contains(b, c).doesNotContain(a);
            long scanned = returns.countDocuments(Filters.and(byReason, Filters.exists("_id")));
            softly.assertThat(dissatisfied).as("the index finds what a scan finds").hasSize((int) scanned);
        } finally {
            returns.dropIndex(index);
        }
        softly.assertAll();
    }

    /** A sum as the store gives it: Decimal128 over amounts; over anything else MongoDB's $sum says 0 (an int32). */
    private static BigDecimal decimal(Object sum) {
        return sum instanceof Decimal128 decimal ? decimal.bigDecimalValue() : new BigDecimal(sum.toString());
    }

    private String submitAt(Instant at, Orders.ReturnRequest request) throws Exception {
        clock.set(at);
        return lifecycle.submit(request).expect("return", 201).json(json).get("returnId").asText();
    }
}
