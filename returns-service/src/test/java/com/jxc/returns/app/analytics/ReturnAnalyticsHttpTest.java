package com.jxc.returns.app.analytics;

import com.jxc.returns.app.testing.LifecycleDriver;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import com.jxc.returns.app.testing.TestClock;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

import static com.jxc.returns.app.testing.LifecycleDriver.inspected;
import static com.jxc.returns.app.testing.LifecycleDriver.lines;
import static com.jxc.returns.app.testing.LifecycleDriver.method;
import static com.jxc.returns.app.testing.LifecycleDriver.rating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Five returns through the API with the clock standing at chosen instants, then analytics checked against figures
 * worked out by hand (see the comments at each return).
 */
@ServiceTest
@Import(TestClock.Config.class)
class ReturnAnalyticsHttpTest extends ServiceOverHttp {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Autowired
    TestClock clock;

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Recent enough that no receipt deadline (14 days after approval) passes while the test runs. */
    private static final Instant BASE = TestClock.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
    private static final List<Instant> REQUESTED_AT = new ArrayList<>();
    /** Set once the scenario has run: every test of this class reads the same returns. */
    private static String range;

    @BeforeEach
    void returnsInEveryStage() throws Exception {
        if (range != null) {
            return;
        }
        Instant shipped = BASE.minus(Duration.ofDays(5));
        // shipped: KETTLE 20, MUG 20, LAMP 5
        String o1 = recordOrder(order("C-1", shipped).line("KETTLE", "kitchen", 10, "100.00")
                .line("MUG", "kitchen", 20, "15.00"));
        String o2 = recordOrder(order("C-2", shipped).line("KETTLE", "kitchen", 10, "100.00")
                .line("LAMP", "lighting", 5, "300.00"));

        // A: 2 kettles (200.00), quality defect, auto-approved at once; back after 24 h, inspected after 2 h
        // (1 restocked, 1 scrapped: 2 credited), settled after 4 h, rated 5
        String a = submit(at(0), Orders.returnOf(o1).line(1, 2, "DEFECTIVE").reason("QUALITY_DEFECT")
                .channel("ONLINE_FORM"));
        // B: 1 kettle + 4 mugs (160.00), dissatisfied, needs review; 4 mugs approved after 2 h, back after 48 h,
        // inspected after 1 h (3 restocked, 1 refused: 3 credited), settled after 1 h, rated 3
        String b = submit(at(1), Orders.returnOf(o1).line(1, 1, "OPENED").line(2, 4, "OPENED")
                .reason("DISSATISFIED").channel("HOTLINE"));
        // C: 1 lamp (300.00), dissatisfied, rejected after 4 h
        String c = submit(at(2), Orders.returnOf(o2).line(2, 1, "USED").reason("DISSATISFIED").channel("HOTLINE"));
        atHour(3, () -> lifecycle.approve(b, lines(2, 4)));
        // D: 3 kettles (300.00), wrong item, auto-approved, then cancelled
        String d = submit(at(4), Orders.returnOf(o2).line(1, 3, "UNOPENED").reason("WRONG_ITEM")
                .channel("ONLINE_FORM"));
        atHour(5, () -> lifecycle.cancel(d, "found the right one"));
        atHour(6, () -> lifecycle.reject(c, "used for months"));
        // E: 1 mug (15.00), transit damage, auto-approved and kept by the customer (below 20.00), settled after
        // 4 h, rated 4
        String e = submit(at(6), Orders.returnOf(o1).line(2, 1, "DAMAGED").reason("TRANSIT_DAMAGE")
                .channel("SALES_REP"));
        atHour(10, () -> lifecycle.settle(e, method("REFUND")));
        atHour(11, () -> lifecycle.feedback(e, rating(4)));

        atHour(24, () -> lifecycle.receive(a, lines(1, 2)));
        atHour(26, () -> lifecycle.inspect(a, inspected(1, 1, 1, 0, 0, 0)));
        atHour(30, () -> lifecycle.settle(a, method("REFUND")));
        atHour(31, () -> lifecycle.feedback(a, rating(5)));

        atHour(51, () -> lifecycle.receive(b, lines(2, 4)));
        atHour(52, () -> lifecycle.inspect(b, inspected(2, 3, 0, 0, 0, 1)));
        atHour(53, () -> lifecycle.settle(b, method("STORE_CREDIT")));
        atHour(54, () -> lifecycle.feedback(b, rating(3)));
        clock.reset();

        String period = "&from=" + LocalDate.ofInstant(shipped, SHANGHAI).minusDays(1)
                + "&to=" + LocalDate.ofInstant(TestClock.now(), SHANGHAI).plusDays(1);
        // one segment in stream order: once B's feedback is in, everything before it is too
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode groups = get("auditor", "/api/analytics/returns?groupBy=reason" + period, "application/json")
                    .json(json).get("groups");
            return StreamSupport.stream(groups.spliterator(), false).mapToLong(g -> g.get("requests").asLong())
                    .sum() == 5 && byKey(groups).get("DISSATISFIED").get("feedbackCount").asInt() == 1;
        });
        range = period;
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void countsDecisionsUnitsValueStagesAndFeedbackPerReason() throws Exception {
        var response = get("auditor", "/api/analytics/returns?groupBy=reason" + range, "application/json");

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json(json);
        assertThat(body.get("groupBy").asText()).isEqualTo("reason");
        assertThat(body.get("timeZone").asText()).isEqualTo("Asia/Shanghai");
        Map<String, JsonNode> groups = byKey(body.get("groups"));
        assertThat(groups).containsOnlyKeys("DISSATISFIED", "QUALITY_DEFECT", "TRANSIT_DAMAGE", "WRONG_ITEM");

        JsonNode dissatisfied = groups.get("DISSATISFIED");
        assertFigures(dissatisfied, Map.ofEntries(Map.entry("currency", "CNY"), Map.entry("requests", "2"),
                Map.entry("units", "6"), Map.entry("value", "460.00"), Map.entry("approved", "1"),
                Map.entry("autoApproved", "0"), Map.entry("rejected", "1"), Map.entry("cancelled", "0"),
                Map.entry("approvalRate", "0.5"), Map.entry("unitsApproved", "4"),
                Map.entry("valueApproved", "60.00"), Map.entry("unitsCredited", "3"),
                Map.entry("valueCredited", "45.00"), Map.entry("averageFeedback", "3"),
                Map.entry("feedbackCount", "1")));
        assertThat(dissatisfied.has("returnRate")).isFalse();
        assertStage(dissatisfied, "review", 2, "2", "4");
        assertStage(dissatisfied, "shippingBack", 1, "48", "48");
        assertStage(dissatisfied, "inspection", 1, "1", "1");
        assertStage(dissatisfied, "settlement", 1, "1", "1");

        JsonNode quality = groups.get("QUALITY_DEFECT");
        assertFigures(quality, Map.of("requests", "1", "units", "2", "value", "200.00", "approved", "1",
                "autoApproved", "1", "approvalRate", "1", "unitsCredited", "2", "valueCredited", "200.00",
                "averageFeedback", "5", "feedbackCount", "1"));
        assertStage(quality, "review", 1, "0", "0");
        assertStage(quality, "shippingBack", 1, "24", "24");
        assertStage(quality, "inspection", 1, "2", "2");
        assertStage(quality, "settlement", 1, "4", "4");

        JsonNode transit = groups.get("TRANSIT_DAMAGE");
        assertFigures(transit, Map.of("requests", "1", "units", "1", "value", "15.00", "approved", "1",
                "approvalRate", "1", "unitsCredited", "1", "valueCredited", "15.00", "averageFeedback", "4"));
        assertStage(transit, "shippingBack", 0, null, null);
        assertStage(transit, "settlement", 1, "4", "4");

        JsonNode wrongItem = groups.get("WRONG_ITEM");
        assertFigures(wrongItem, Map.of("requests", "1", "units", "3", "value", "300.00", "approved", "1",
                "cancelled", "1", "approvalRate", "1", "unitsCredited", "0", "valueCredited", "0.00",
                "feedbackCount", "0"));
        assertThat(wrongItem.has("averageFeedback")).isFalse();
    }

    @Test
    void ratesReturnsPerSkuAgainstUnitsShipped() throws Exception {
        Map<String, JsonNode> groups = byKey(get("finance", "/api/analytics/returns?groupBy=sku" + range,
                "application/json").json(json).get("groups"));

        assertThat(groups).containsOnlyKeys("KETTLE", "LAMP", "MUG");
        // A, B (its kettle not approved, but B was) and D
        JsonNode kettle = groups.get("KETTLE");
        assertFigures(kettle, Map.ofEntries(Map.entry("requests", "3"), Map.entry("units", "6"),
                Map.entry("value", "600.00"), Map.entry("approved", "3"), Map.entry("autoApproved", "2"),
                Map.entry("cancelled", "1"), Map.entry("approvalRate", "1"), Map.entry("unitsApproved", "5"),
                Map.entry("valueApproved", "500.00"), Map.entry("unitsCredited", "2"),
                Map.entry("valueCredited", "200.00"), Map.entry("shippedUnits", "20"),
                Map.entry("returnRate", "0.1"), Map.entry("averageFeedback", "4"), Map.entry("feedbackCount", "2")));
        // review 0 (A), 2 (B), 0 (D): nearest-rank median 0, p90 2
        assertStage(kettle, "review", 3, "0", "2");
        assertStage(kettle, "shippingBack", 2, "24", "48");
        assertStage(kettle, "inspection", 2, "1", "2");
        assertStage(kettle, "settlement", 2, "1", "4");

        assertFigures(groups.get("LAMP"), Map.of("requests", "1", "units", "1", "value", "300.00",
                "approved", "0", "rejected", "1", "approvalRate", "0", "unitsCredited", "0", "shippedUnits", "5",
                "returnRate", "0"));
        assertFigures(groups.get("MUG"), Map.ofEntries(Map.entry("requests", "2"), Map.entry("units", "5"),
                Map.entry("value", "75.00"), Map.entry("approved", "2"), Map.entry("autoApproved", "1"),
                Map.entry("approvalRate", "1"), Map.entry("unitsCredited", "4"),
                Map.entry("valueCredited", "60.00"), Map.entry("shippedUnits", "20"),
                Map.entry("returnRate", "0.2"), Map.entry("averageFeedback", "3.5"),
                Map.entry("feedbackCount", "2")));
    }

    @Test
    void groupsByChannelCustomerCategoryAndMonth() throws Exception {
        assertThat(requestsByKey("channel")).isEqualTo(Map.of("HOTLINE", 2L, "ONLINE_FORM", 2L, "SALES_REP", 1L));
        assertThat(requestsByKey("customer")).isEqualTo(Map.of("C-1", 3L, "C-2", 2L));
        assertThat(requestsByKey("category")).isEqualTo(Map.of("kitchen", 4L, "lighting", 1L));
        var months = new HashMap<String, Long>();
        REQUESTED_AT.forEach(instant -> months.merge(
                instant.atZone(SHANGHAI).toLocalDate().toString().substring(0, 7), 1L, Long::sum));
        assertThat(requestsByKey("month")).isEqualTo(months);
    }

    @Test
    void answersCsvWithTheSameFigures() throws Exception {
        for (String groupBy : List.of("reason", "sku")) {
            JsonNode groups = get("cs", "/api/analytics/returns?groupBy=" + groupBy + range, "application/json")
                    .json(json).get("groups");
            var csv = get("cs", "/api/analytics/returns?groupBy=" + groupBy + range, "text/csv");

            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.headers().getContentType().toString()).isEqualTo("text/csv;charset=UTF-8");
            assertThat(csv.headers().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                    .isEqualTo("attachment; filename=\"returns-by-" + groupBy + ".csv\"");
            assertThat(csv.body()).endsWith("\r\n");
            List<String> rows = Arrays.asList(csv.body().split("\r\n"));
            assertThat(rows).hasSize(groups.size() + 1);
            String[] header = rows.get(0).split(",", -1);
            assertThat(header[0]).isEqualTo(groupBy);
            for (int row = 1; row < rows.size(); row++) {
                String[] cells = rows.get(row).split(",", -1);
                JsonNode group = groups.get(row - 1);
                assertThat(cells[0]).isEqualTo(group.get("key").asText());
                for (int column = 1; column < header.length; column++) {
                    assertSameFigure(header[column], cells[column], group);
                }
            }
        }
    }

    @Test
    void answersJsonUnlessCsvIsAskedFor() {
        for (String accept : List.of("*/*", "application/json", "application/json, text/csv;q=0.5")) {
            var response = get("auditor", "/api/analytics/returns?groupBy=channel" + range, accept);
            assertThat(response.status()).as(accept).isEqualTo(200);
            assertThat(response.headers().getContentType().toString()).as(accept).startsWith("application/json");
        }
        var csv = get("auditor", "/api/analytics/returns?groupBy=channel" + range, "text/csv, application/json;q=0.5");
        assertThat(csv.headers().getContentType().toString()).startsWith("text/csv");
    }

    @Test
    void refusesUnknownGroupingsAndMalformedPeriods() {
        for (String query : List.of("", "?groupBy=colour", "?groupBy=reason&from=yesterday",
                "?groupBy=reason&from=2026-03-01&to=2026-03-01", "?groupBy=reason&to=2026-02-30")) {
            for (String accept : List.of("application/json", "text/csv")) {
                var response = get("auditor", "/api/analytics/returns" + query, accept);
                assertThat(response.status()).as(query + " " + accept).isEqualTo(400);
                assertThat(response.headers().getContentType().toString()).as(query + " " + accept)
                        .startsWith("application/problem+json");
            }
        }
    }

    @Test
    void acceptsInstantsAsBoundsAndLeavesOutReturnsOutsideThem() throws Exception {
        // [A requested, C requested): A and B only
        String from = BASE.toString();
        String to = BASE.plus(Duration.ofHours(2)).atOffset(ZoneOffset.ofHours(8)).toString();
        // an unencoded '+' arrives as a space; the service reads it as the '+' it was meant to be
        for (String encodedTo : List.of(to.replace("+", "%2B"), to)) {
            Map<String, Long> byReason = new HashMap<>();
            var response = get("auditor", "/api/analytics/returns?groupBy=reason&from=" + from + "&to=" + encodedTo,
                    "application/json");
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            byKey(response.json(json).get("groups"))
                    .forEach((key, group) -> byReason.put(key, group.get("requests").asLong()));

            assertThat(byReason).isEqualTo(Map.of("QUALITY_DEFECT", 1L, "DISSATISFIED", 1L));
            assertThat(Instant.parse(response.json(json).get("to").asText())).isEqualTo(BASE.plus(Duration.ofHours(2)));
        }
    }

    @Test
    void isForStaffOnly() {
        assertThat(get("warehouse", "/api/analytics/returns?groupBy=month", "application/json").status())
                .isEqualTo(200);
        assertThat(get("integration", "/api/analytics/returns?groupBy=month", "application/json").status())
                .isEqualTo(403);
        assertThat(get(null, "/api/analytics/returns?groupBy=month", "application/json").status()).isEqualTo(401);
    }

    private Map<String, Long> requestsByKey(String groupBy) throws Exception {
        var result = new HashMap<String, Long>();
        byKey(get("auditor", "/api/analytics/returns?groupBy=" + groupBy + range, "application/json").json(json)
                .get("groups")).forEach((key, group) -> result.put(key, group.get("requests").asLong()));
        return result;
    }

    private static void assertSameFigure(String column, String cell, JsonNode group) {
        JsonNode value = null;
        for (String stage : List.of("review", "shippingBack", "inspection", "settlement")) {
            if (column.startsWith(stage)) {
                String field = column.substring(stage.length());
                field = Character.toLowerCase(field.charAt(0)) + field.substring(1);
                value = group.get("stages").get(stage).get(field);
            }
        }
        if (value == null) {
            value = group.get(column);
        }
        if (value == null || value.isNull()) {
            assertThat(cell).as(column).isEmpty();
        } else if (value.isNumber()) {
            assertThat(new BigDecimal(cell)).as(column).isEqualByComparingTo(value.decimalValue());
        } else {
            assertThat(cell).as(column).isEqualTo(value.asText());
        }
    }

    private static void assertFigures(JsonNode group, Map<String, String> expected) {
        expected.forEach((field, value) -> {
            JsonNode actual = group.get(field);
            assertThat(actual).as(group.get("key") + "." + field).isNotNull();
            if (actual.isNumber()) {
                assertThat(actual.decimalValue()).as(group.get("key") + "." + field)
                        .isEqualByComparingTo(new BigDecimal(value));
            } else {
                assertThat(actual.asText()).as(group.get("key") + "." + field).isEqualTo(value);
            }
        });
    }

    private static void assertStage(JsonNode group, String stage, long count, String medianHours,
                                    String p90Hours) {
        JsonNode figures = group.get("stages").get(stage);
        String what = group.get("key").asText() + " " + stage;
        assertThat(figures.get("count").asLong()).as(what).isEqualTo(count);
        if (medianHours == null) {
            assertThat(figures.has("medianHours")).as(what).isFalse();
            assertThat(figures.has("p90Hours")).as(what).isFalse();
        } else {
            assertThat(figures.get("medianHours").decimalValue()).as(what + " median")
                    .isEqualByComparingTo(medianHours);
            assertThat(figures.get("p90Hours").decimalValue()).as(what + " p90").isEqualByComparingTo(p90Hours);
        }
    }

    private static Map<String, JsonNode> byKey(JsonNode groups) {
        var result = new LinkedHashMap<String, JsonNode>();
        groups.forEach(group -> result.put(group.get("key").asText(), group));
        return result;
    }

    private Instant at(int hours) {
        Instant instant = BASE.plus(Duration.ofHours(hours));
        clock.set(instant);
        return instant;
    }

    private static Orders.SalesOrder order(String customer, Instant shippedAt) {
        return Orders.salesOrder("SO-" + UUID.randomUUID().toString().substring(0, 8))
                .customer(customer, "客户 " + customer, customer + "@example.com").shippedAt(shippedAt);
    }

    private String recordOrder(Orders.SalesOrder order) {
        done(lifecycle.recordOrder(order));
        return order.orderId();
    }

    private String submit(Instant at, Orders.ReturnRequest request) {
        REQUESTED_AT.add(at);
        return done(lifecycle.submit(request.reasonText("test"))).json(json).get("returnId").asText();
    }

    /** A step taken with the clock standing {@code hours} after {@link #BASE}; it must succeed. */
    private void atHour(int hours, Supplier<ServiceHttp.Response> step) {
        at(hours);
        done(step.get());
    }

    /** A step that must have succeeded (as a client that throws on any error status sees it). */
    private static ServiceHttp.Response done(ServiceHttp.Response response) {
        return response.ok("step");
    }

    private ServiceHttp.Response get(String user, String path, String accept) {
        // sent exactly as written: percent-escapes in the test's query strings stay as they are
        return http.get(path, user, accept);
    }
}
