package com.jxc.returns.app.hardening;

import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.app.testing.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jxc.returns.platform.storage.SegmentSharing;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hundreds of hostile or malformed requests against every endpoint, commands and queries, bodies, paths and query
 * parameters. Each gets a 4xx problem document that gives nothing internal away, and afterwards the event store and
 * every read model are exactly as before.
 */
@ServiceTest(properties = {
        // small enough to send a body above it in a test
        "returns.http.max-import-size=1MB"})
class HostileInputHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String JSON_TYPE = "application/json";
    /** What no answer may contain: Java and Jackson internals, SQL, stack frames. */
    private static final Pattern LEAK = Pattern.compile("(?i)(java\\.|javax\\.|jakarta\\.|com\\.jxc|org\\.axon"
            + "|org\\.spring|com\\.fasterxml|`|exception|\\bat [a-z0-9_.$]+\\(|\\bsql\\b|select .* from"
            + "|deserialize|\\bclass\\b|(?-i:\\bint\\b|BigDecimal|Instant\\b|ReturnReason|SettlementMethod|Enum\\b))");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MongoDatabase mongo;

    private ServiceHttp http;
    private String returnId;
    private long eventsBefore;
    private Map<String, List<String>> readModelsBefore;

    /** A hostile request and the statuses that are a correct refusal of it. */
    record Case(String name, String method, String path, String user, String contentType, byte[] body,
                boolean chunked, String accept, Set<Integer> expected, String errorField) {

        Case(String name, String method, String path, String user, String contentType, byte[] body,
             boolean chunked, String accept, Set<Integer> expected) {
            this(name, method, path, user, contentType, body, chunked, accept, expected, null);
        }

        static Case json(String name, String method, String path, String user, String body, Integer... expected) {
            return new Case(name, method, path, user, JSON_TYPE,
                    body == null ? null : body.getBytes(StandardCharsets.UTF_8), false, null,
                    Set.of(expected.length == 0 ? new Integer[]{400} : expected));
        }

        static Case get(String name, String path, String user, Integer... expected) {
            return new Case(name, "GET", path, user, null, null, false, null,
                    Set.of(expected.length == 0 ? new Integer[]{400} : expected));
        }

        /** A value of the wrong JSON type: 400, naming the field as a JSON path. */
        static Case wrongType(String name, String method, String path, String user, String body, String field) {
            return new Case(name, method, path, user, JSON_TYPE, body.getBytes(StandardCharsets.UTF_8), false, null,
                    Set.of(400), field);
        }
    }

    private void seedAndSnapshot() {
        http = ServiceHttp.onPort(port);
        String shipped = TestClock.now().minus(Duration.ofDays(5)).toString();
        assertThat(http.json("POST", "/api/sales-orders", "integration", order("SO-H1", shipped)).status())
                .isEqualTo(201);
        assertThat(http.json("POST", "/api/purchase-receipts", "integration", receipt("PO-H1")).status())
                .isEqualTo(201);
        ServiceHttp.Response submitted = http.json("POST", "/api/returns", "cs", returnRequest());
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        returnId = submitted.json().path("returnId").asText();
        awaitReadModelsCaughtUp();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                http.send("GET", "/api/returns/" + returnId, "cs", null, null, false, null).status() == 200);
        eventsBefore = eventCount();
        readModelsBefore = readModels();
    }

    @TestFactory
    Stream<DynamicTest> everyHostileRequestIsRefusedWithAProblemAndChangesNothing() {
        seedAndSnapshot();
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
        var tests = new ArrayList<DynamicTest>();
        for (Case c : cases) {
            tests.add(DynamicTest.dynamicTest(c.method() + " " + abbreviate(c.path()) + " — " + c.name(), () -> {
                ServiceHttp.Response response = http.send(c.method(), c.path(), c.user(), c.contentType(), c.body(),
                        c.chunked(), c.accept());
                String what = c.name() + ": " + response;
                assertThat(response.status()).as(what).isIn(c.expected());
                assertThat(response.isProblem()).as(what).isTrue();
                JsonNode problem = response.json();
                assertThat(problem.path("type").asText()).as(response.toString()).startsWith("/problems/");
                assertThat(problem.path("status").asInt()).isEqualTo(response.status());
                assertThat(problem.path("detail").asText()).as(response.toString()).isNotBlank();
                assertThat(LEAK.matcher(problem.path("detail").asText()).find()).as(response.toString()).isFalse();
                for (JsonNode error : problem.path("errors")) {
                    assertThat(LEAK.matcher(error.path("message").asText()).find()).as(response.toString())
                            .isFalse();
                }
                if (c.errorField() != null) {
                    var fields = new ArrayList<String>();
                    problem.path("errors").forEach(error -> fields.add(error.path("field").asText()));
                    assertThat(fields).as(response.toString()).containsExactly(c.errorField());
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("the event store and every read model are unchanged", () -> {
            awaitReadModelsCaughtUp();
            assertThat(eventCount()).isEqualTo(eventsBefore);
            assertThat(readModels()).isEqualTo(readModelsBefore);
        }));
        return tests.stream();
    }

    @org.junit.jupiter.api.Test
    void validationErrorsNameTheFieldAsAJsonPathOrTheParameter() {
        var client = ServiceHttp.onPort(port);
        assertThat(errorFields(client.json("POST", "/api/returns", "cs",
                returnRequest().replace("\"quantity\":1", "\"quantity\":0")))).containsExactly("$.lines[0].quantity");
        assertThat(errorFields(client.json("POST", "/api/returns/R-NONE/approve", "reviewer",
                "{\"lines\":[{\"lineNo\":1,\"quantity\":1},{\"lineNo\":2,\"quantity\":-1}]}")))
                .containsExactly("$.lines[1].quantity");
        assertThat(errorFields(client.json("POST", "/api/returns", "cs",
                returnRequest().replace("\"quantity\":1", "\"quantity\":1.5")))).containsExactly("$.lines[0].quantity");
        assertThat(errorFields(client.json("POST", "/api/sales-orders", "integration",
                order("SO-P1", TestClock.daysAgo(5).toString()).replace("\"name\":\"张三\"", "\"name\":\"\"")
                        .replace("\"unitPrice\":199.00", "\"unitPrice\":-1"))))
                .containsExactlyInAnyOrder("$.customer.name", "$.lines[0].unitPrice");
        assertThat(errorFields(client.json("PUT", "/api/return-policy", "admin",
                set(policy(), "/windowDaysByCategory", NODES.objectNode().put("$gt", 7)))))
                .containsExactly("$.windowDaysByCategory['$gt']");
        assertThat(errorFields(client.json("POST", "/api/returns", "cs",
                set(returnRequest(), "/reason", NODES.textNode("FOO"))))).containsExactly("$.reason");
        assertThat(errorFields(client.send("GET", "/api/returns?page=-1&size=0", "cs", null, null, false, null)))
                .containsExactlyInAnyOrder("page", "size");
        assertThat(errorFields(client.send("GET", "/api/returns?state=LOST", "cs", null, null, false, null)))
                .containsExactly("state");
        ServiceHttp.Response reason = client.json("POST", "/api/returns", "cs",
                set(returnRequest(), "/reason", NODES.textNode("FOO")));
        assertThat(reason.json().path("errors").get(0).path("message").asText())
                .isEqualTo("must be one of QUALITY_DEFECT, DISSATISFIED, WRONG_ITEM, TRANSIT_DAMAGE, OTHER");
    }

    private static List<String> errorFields(ServiceHttp.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        var fields = new ArrayList<String>();
        response.json().path("errors").forEach(error -> fields.add(error.path("field").asText()));
        return fields;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private List<Case> cases() {
        var cases = new ArrayList<Case>();
        String r = "/api/returns/" + returnId;
        Map<String, Command> commands = new LinkedHashMap<>();
        commands.put("order", new Command("/api/sales-orders", "integration",
                order("SO-H2", TestClock.daysAgo(5).toString()), List.of("/orderId", "/customer/id", "/warehouse", "/lines/0/sku"),
                List.of("/lines/0/quantity", "/lines/0/lineNo"), List.of("/lines/0/unitPrice", "/lines/0/unitCost"),
                List.of("/shippedAt"), List.of(), List.of("/customer/name", "/lines/0/category")));
        commands.put("receipt", new Command("/api/purchase-receipts", "integration", receipt("PO-H2"),
                List.of("/receiptId", "/warehouse", "/lines/0/sku"), List.of("/lines/0/quantity"),
                List.of("/lines/0/unitCost"), List.of("/receivedAt"), List.of(), List.of("/supplier")));
        commands.put("submit", new Command("/api/returns", "cs", returnRequest(), List.of("/orderId"),
                List.of("/lines/0/quantity", "/lines/0/lineNo"), List.of(), List.of(),
                List.of("/reason", "/channel", "/wantedResolution", "/lines/0/condition"), List.of("/reasonText")));
        commands.put("approve", new Command(r + "/approve", "reviewer",
                "{\"lines\":[{\"lineNo\":1,\"quantity\":1}],\"comment\":\"ok\"}", List.of(),
                List.of("/lines/0/quantity", "/lines/0/lineNo"), List.of(), List.of(), List.of(), List.of("/comment")));
        commands.put("reject", new Command(r + "/reject", "reviewer", "{\"reason\":\"worn\"}", List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of("/reason")));
        commands.put("cancel", new Command(r + "/cancel", "cs", "{\"reason\":\"changed mind\"}", List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of("/reason")));
        commands.put("receive", new Command(r + "/receive", "warehouse",
                "{\"lines\":[{\"lineNo\":1,\"quantity\":1,\"receivedSku\":\"SKU-1\",\"note\":\"ok\"}]}",
                List.of("/lines/0/receivedSku"), List.of("/lines/0/quantity", "/lines/0/lineNo"), List.of(), List.of(),
                List.of(), List.of("/lines/0/note")));
        commands.put("inspect", new Command(r + "/inspect", "warehouse",
                "{\"lines\":[{\"lineNo\":1,\"restocked\":1,\"scrapped\":0,\"repair\":0,\"returnedToVendor\":0,"
                        + "\"refused\":0}]}", List.of(), List.of("/lines/0/restocked", "/lines/0/scrapped",
                "/lines/0/lineNo"), List.of(), List.of(), List.of(), List.of()));
        commands.put("settle", new Command(r + "/settle", "finance",
                "{\"method\":\"EXCHANGE\",\"exchange\":{\"sku\":\"SKU-2\",\"quantity\":1,\"unitPrice\":249.00}}",
                List.of("/exchange/sku"), List.of("/exchange/quantity"), List.of("/exchange/unitPrice"), List.of(),
                List.of("/method"), List.of()));
        commands.put("decline", new Command(r + "/settle/decline", "finance", "{\"reason\":\"closed account\"}",
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of("/reason")));
        commands.put("feedback", new Command(r + "/feedback", "cs", "{\"rating\":5,\"comment\":\"fast\"}", List.of(),
                List.of("/rating"), List.of(), List.of(), List.of(), List.of("/comment")));
        commands.put("policy", new Command("/api/return-policy", "admin", policy(), List.of(),
                List.of("/windowDays", "/receiptDeadlineDays", "/windowDaysByCategory/food"),
                List.of("/restockingFeePercent", "/keepItemThreshold", "/autoApproval/maxValue"), List.of(),
                List.of("/feeWaivedReasons/0"), List.of("/timeZone")));
        commands.put("backtest", new Command("/api/return-policy/backtest", "admin",
                "{\"policy\":" + policy() + ",\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2027-01-01T00:00:00Z\"}",
                List.of(), List.of("/policy/windowDays"), List.of("/policy/restockingFeePercent"),
                List.of("/from", "/to"), List.of("/policy/feeWaivedReasons/0"), List.of()));

        commands.forEach((name, command) -> cases.addAll(bodyCases(name, command)));
        cases.addAll(policyKeyCases());
        cases.addAll(wrongTypeCases(r));
        cases.addAll(pathCases());
        cases.addAll(queryCases());
        cases.addAll(sizeCases());
        return cases;
    }

    /** A command endpoint with a valid body and the JSON pointers of its fields by kind. */
    record Command(String path, String user, String body, List<String> ids, List<String> counts,
                   List<String> amounts, List<String> instants, List<String> enums, List<String> texts) {
    }

    private List<Case> bodyCases(String name, Command c) {
        var cases = new ArrayList<Case>();
        String method = name.equals("policy") ? "PUT" : "POST";
        java.util.function.BiConsumer<String, String> add = (what, body) ->
                cases.add(Case.json(name + ": " + what, method, c.path(), c.user(), body));
        // malformed
        add.accept("truncated JSON", c.body().substring(0, c.body().length() / 2));
        add.accept("lone brace", "{");
        add.accept("trailing garbage", c.body() + "}{");
        add.accept("array instead of object", "[" + c.body() + "]");
        add.accept("string instead of object", "\"" + c.body().replace("\"", "'") + "\"");
        add.accept("single quotes", c.body().replace('"', '\''));
        add.accept("comment inside", "/* hi */" + c.body());
        add.accept("deeply nested", "[".repeat(5000) + "]".repeat(5000));
        add.accept("number with 2000 digits", setRaw(c.body(), "/zzz", "1" + "0".repeat(2000)));
        cases.add(new Case(name + ": invalid UTF-8 bytes", method, c.path(), c.user(), JSON_TYPE,
                invalidUtf8(c.body()), false, null, Set.of(400)));
        // unknown and operator fields
        add.accept("unknown field", set(c.body(), "/hacker", NODES.numberNode(1)));
        add.accept("$where key", set(c.body(), "/$where", NODES.textNode("sleep(1000)")));
        add.accept("$gt key", set(c.body(), "/$gt", NODES.textNode("")));
        add.accept("dotted key", set(c.body(), "/a.b", NODES.textNode("x")));
        // wrong content types
        cases.add(new Case(name + ": text/plain", method, c.path(), c.user(), "text/plain",
                c.body().getBytes(StandardCharsets.UTF_8), false, null, Set.of(415)));
        cases.add(new Case(name + ": XML", method, c.path(), c.user(), "application/xml",
                "<request><x>1</x></request>".getBytes(StandardCharsets.UTF_8), false, null, Set.of(415)));
        cases.add(new Case(name + ": form encoded", method, c.path(), c.user(), "application/x-www-form-urlencoded",
                "a=1&b=2".getBytes(StandardCharsets.UTF_8), false, null, Set.of(415)));
        // every scalar field: an operator object or an array in its place
        for (String pointer : leaves(c.body())) {
            add.accept(pointer + " = {$gt:\"\"}", set(c.body(), pointer, operator()));
            add.accept(pointer + " = [$where]", set(c.body(), pointer, NODES.arrayNode().add("$where")));
        }
        for (String pointer : c.ids()) {
            for (String id : List.of("$where", "{\"$gt\":\"\"}", "../../etc/passwd", "%2e%2e%2f", "x\u0000", "",
                    " ", "a".repeat(65), "x y", "ab$ne")) {
                add.accept(pointer + " = " + printable(id), set(c.body(), pointer, NODES.textNode(id)));
            }
        }
        for (String pointer : c.counts()) {
            for (String number : List.of("-1", "1.5", "1e30", "2147483648", "-2147483649", "99999999999999999999",
                    "\"NaN\"", "true", "null")) {
                if (!(number.equals("null") && pointer.contains("exchange"))) {
                    add.accept(pointer + " = " + number, setRaw(c.body(), pointer, number));
                }
            }
            boolean positive = pointer.endsWith("lineNo") || pointer.endsWith("rating")
                    || pointer.endsWith("receiptDeadlineDays") || pointer.endsWith("exchange/quantity")
                    || Set.of("order", "receipt", "submit").contains(name);
            if (positive) {
                add.accept(pointer + " = 0", set(c.body(), pointer, NODES.numberNode(0)));
            }
        }
        for (String pointer : c.amounts()) {
            for (String number : List.of("-0.01", "1e30", "1e-30", "1e999999999", "\"12,50\"", "\"Infinity\"")) {
                add.accept(pointer + " = " + number, setRaw(c.body(), pointer, number));
            }
        }
        for (String pointer : c.instants()) {
            for (String instant : List.of("0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "+1000000001-01-01T00:00:00Z",
                    "2026-13-45T00:00:00Z", "2026-02-30T00:00:00Z", "yesterday", "")) {
                boolean plausible = !c.path().endsWith("backtest")
                        || !(instant.startsWith("0001") || instant.startsWith("9999"));
                if (plausible) {
                    add.accept(pointer + " = " + instant, set(c.body(), pointer, NODES.textNode(instant)));
                }
            }
        }
        for (String pointer : c.enums()) {
            for (String value : List.of("NOT_A_VALUE", "", "$gt", "quality_defect", "REFUND\u0000",
                    "\u0000REFUND", " REFUND ", "STORE_CREDIT\t")) {
                add.accept(pointer + " = " + printable(value), set(c.body(), pointer, NODES.textNode(value)));
            }
            add.accept(pointer + " = 1 (an ordinal)", set(c.body(), pointer, NODES.numberNode(1)));
        }
        for (String pointer : c.texts()) {
            add.accept(pointer + " = 3000 characters", set(c.body(), pointer, NODES.textNode("x".repeat(3000))));
            add.accept(pointer + " = NUL inside", set(c.body(), pointer, NODES.textNode("x\u0000y")));
            add.accept(pointer + " = lone surrogate", setRaw(c.body(), pointer, "\"x\\ud800y\""));
        }
        if (c.body().contains("\"lines\"")) {
            add.accept("lines = []", set(c.body(), "/lines", NODES.arrayNode()).replace("\"lines\":[]",
                    name.equals("approve") ? "\"lines\":[{}]" : "\"lines\":[]"));
            add.accept("lines = [null]", set(c.body(), "/lines", NODES.arrayNode().addNull()));
            add.accept("1,000 lines", withLines(c.body(), 1_000));
        }
        if (Set.of("order", "receipt", "submit", "reject", "receive", "inspect", "settle", "decline", "feedback",
                "policy", "backtest").contains(name)) {
            add.accept("empty object", "{}");
            add.accept("JSON null", "null");
            cases.add(new Case(name + ": no body", method, c.path(), c.user(), JSON_TYPE, null, false, null,
                    Set.of(400)));
        }
        return cases;
    }

    /**
     * Numbers, booleans and enums accept only their own JSON type: a number written as a string, a boolean as a
     * string or a number, an enum as its ordinal, a name as a number, an instant as epoch seconds.
     */
    private List<Case> wrongTypeCases(String r) {
        var cases = new ArrayList<Case>();
        record Field(String name, String method, String path, String user, String body, String pointer,
                     String rawJson, String jsonPath) {
        }
        String order = order("SO-T1", TestClock.daysAgo(5).toString());
        String backtest = "{\"policy\":" + policy() + ",\"from\":\"2026-01-01T00:00:00Z\","
                + "\"to\":\"2027-01-01T00:00:00Z\"}";
        String settle = "{\"method\":\"EXCHANGE\",\"exchange\":{\"sku\":\"SKU-2\",\"quantity\":1,"
                + "\"unitPrice\":249.00}}";
        String inspect = "{\"lines\":[{\"lineNo\":1,\"restocked\":1,\"scrapped\":0,\"repair\":0,"
                + "\"returnedToVendor\":0,\"refused\":0}]}";
        List<Field> fields = List.of(
                new Field("submit", "POST", "/api/returns", "cs", returnRequest(), "/lines/0/quantity", "\"1\"",
                        "$.lines[0].quantity"),
                new Field("submit", "POST", "/api/returns", "cs", returnRequest(), "/lines/0/lineNo", "\"1\"",
                        "$.lines[0].lineNo"),
                new Field("submit", "POST", "/api/returns", "cs", returnRequest(), "/lines/0/quantity", "\"\"",
                        "$.lines[0].quantity"),
                new Field("submit", "POST", "/api/returns", "cs", returnRequest(), "/orderId", "42", "$.orderId"),
                new Field("submit", "POST", "/api/returns", "cs", returnRequest(), "/reasonText", "true",
                        "$.reasonText"),
                new Field("submit", "POST", "/api/returns", "cs", returnRequest(), "/channel", "0", "$.channel"),
                new Field("submit", "POST", "/api/returns", "cs", returnRequest(), "/lines/0/condition", "1.0",
                        "$.lines[0].condition"),
                new Field("order", "POST", "/api/sales-orders", "integration", order, "/lines/0/unitPrice",
                        "\"199.00\"", "$.lines[0].unitPrice"),
                new Field("order", "POST", "/api/sales-orders", "integration", order, "/lines/0/quantity", "\"5\"",
                        "$.lines[0].quantity"),
                new Field("order", "POST", "/api/sales-orders", "integration", order, "/shippedAt", "1762000000",
                        "$.shippedAt"),
                new Field("order", "POST", "/api/sales-orders", "integration", order, "/customer/name", "12",
                        "$.customer.name"),
                new Field("receipt", "POST", "/api/purchase-receipts", "integration", receipt("PO-T1"),
                        "/lines/0/quantity", "\"100\"", "$.lines[0].quantity"),
                new Field("receipt", "POST", "/api/purchase-receipts", "integration", receipt("PO-T1"),
                        "/lines/0/unitCost", "\"120.00\"", "$.lines[0].unitCost"),
                new Field("policy", "PUT", "/api/return-policy", "admin", policy(), "/autoApproval/enabled",
                        "\"true\"", "$.autoApproval.enabled"),
                new Field("policy", "PUT", "/api/return-policy", "admin", policy(), "/autoApproval/enabled", "1",
                        "$.autoApproval.enabled"),
                new Field("policy", "PUT", "/api/return-policy", "admin", policy(),
                        "/autoApproval/requireWithinWindow", "\"false\"", "$.autoApproval.requireWithinWindow"),
                new Field("policy", "PUT", "/api/return-policy", "admin", policy(), "/windowDays", "\"30\"",
                        "$.windowDays"),
                new Field("policy", "PUT", "/api/return-policy", "admin", policy(), "/windowDaysByCategory/food",
                        "\"7\"", "$.windowDaysByCategory.food"),
                new Field("policy", "PUT", "/api/return-policy", "admin", policy(), "/keepItemThreshold",
                        "\"20.00\"", "$.keepItemThreshold"),
                new Field("policy", "PUT", "/api/return-policy", "admin", policy(), "/restockingFeePercent",
                        "\"15\"", "$.restockingFeePercent"),
                new Field("policy", "PUT", "/api/return-policy", "admin", policy(), "/feeWaivedReasons/0", "0",
                        "$.feeWaivedReasons[0]"),
                new Field("backtest", "POST", "/api/return-policy/backtest", "admin", backtest,
                        "/policy/windowDays", "\"30\"", "$.policy.windowDays"),
                new Field("backtest", "POST", "/api/return-policy/backtest", "admin", backtest, "/from", "0",
                        "$.from"),
                new Field("settle", "POST", r + "/settle", "finance", settle, "/exchange/quantity", "\"1\"",
                        "$.exchange.quantity"),
                new Field("settle", "POST", r + "/settle", "finance", settle, "/exchange/unitPrice", "\"249.00\"",
                        "$.exchange.unitPrice"),
                new Field("settle", "POST", r + "/settle", "finance", settle, "/method", "2", "$.method"),
                new Field("feedback", "POST", r + "/feedback", "cs", "{\"rating\":5,\"comment\":\"fast\"}",
                        "/rating", "\"5\"", "$.rating"),
                new Field("feedback", "POST", r + "/feedback", "cs", "{\"rating\":5,\"comment\":\"fast\"}",
                        "/rating", "true", "$.rating"),
                new Field("inspect", "POST", r + "/inspect", "warehouse", inspect, "/lines/0/restocked", "\"1\"",
                        "$.lines[0].restocked"),
                new Field("approve", "POST", r + "/approve", "reviewer",
                        "{\"lines\":[{\"lineNo\":1,\"quantity\":1}]}", "/lines/0/quantity", "\"1\"",
                        "$.lines[0].quantity"));
        for (Field f : fields) {
            cases.add(Case.wrongType(f.name() + ": wrong JSON type " + f.pointer() + " = " + f.rawJson(), f.method(),
                    f.path(), f.user(), setRaw(f.body(), f.pointer(), f.rawJson()), f.jsonPath()));
        }
        return cases;
    }

    /** Category keys become field names of a read-model document: operators and dots must never get there. */
    private List<Case> policyKeyCases() {
        var cases = new ArrayList<Case>();
        for (String key : List.of("$gt", "$where", "a.b", "x\u0000", "", " ".repeat(101))) {
            ObjectNode body = (ObjectNode) tree(policy());
            ((ObjectNode) body.get("windowDaysByCategory")).put(key, 7);
            cases.add(Case.json("policy: category key " + printable(key), "PUT", "/api/return-policy", "admin",
                    body.toString()));
        }
        return cases;
    }

    private List<Case> pathCases() {
        var cases = new ArrayList<Case>();
        List<String> hostileIds = List.of("$where", "%24gt", "%7B%22%24gt%22%3A%22%22%7D", "..%2F..%2Fetc%2Fpasswd",
                "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..;", "x%00", "x%0Ay", "%252e%252e", "a".repeat(300), "%20",
                "x%3Bdrop", "x%5C..%5C");
        for (String id : hostileIds) {
            for (String action : List.of("approve", "reject", "cancel", "receive", "inspect", "settle",
                    "settle/decline", "feedback")) {
                if (action.equals("approve") || action.equals("cancel") || id.length() < 20) {
                    cases.add(Case.json("id " + abbreviate(id), "POST", "/api/returns/" + id + "/" + action,
                            action.equals("approve") || action.equals("reject") ? "reviewer"
                                    : action.equals("receive") || action.equals("inspect") ? "warehouse"
                                    : action.startsWith("settle") ? "finance" : "cs",
                            "{\"reason\":\"x\"}", 400, 404));
                }
            }
            cases.add(Case.get("id " + abbreviate(id), "/api/returns/" + id, "cs", 400, 404));
            cases.add(Case.get("history id " + abbreviate(id), "/api/returns/" + id + "/history", "auditor",
                    400, 404));
            cases.add(Case.get("customer id " + abbreviate(id), "/api/ledger/store-credit/" + id, "finance",
                    400, 404));
            cases.add(Case.get("read model " + abbreviate(id), "/api/admin/read-models/" + id, "admin", 400, 404));
            cases.add(Case.json("rebuild " + abbreviate(id), "POST", "/api/admin/read-models/" + id + "/rebuild",
                    "admin", null, 400, 404));
            cases.add(Case.json("retry " + abbreviate(id), "POST", "/api/admin/dead-letters/" + id + "/retry",
                    "admin", null, 400, 404));
            cases.add(new Case("updates id " + abbreviate(id), "GET", "/api/returns/" + id + "/updates", "cs", null,
                    null, false, "text/event-stream", Set.of(400, 404)));
        }
        cases.add(Case.get("literal traversal", "/api/returns/../../etc/passwd", "cs", 400, 404));
        cases.add(Case.get("traversal out of the API", "/api/returns/..%2F..%2F..%2Factuator%2Fenv", "cs",
                400, 404));
        cases.add(Case.get("double slash", "/api//returns", "cs", 400, 404));
        cases.add(Case.get("unknown read model", "/api/admin/read-models/not-a-model", "admin", 404));
        cases.add(Case.json("rebuild unknown read model", "POST", "/api/admin/read-models/not-a-model/rebuild",
                "admin", null, 404));
        cases.add(Case.json("retry unknown read model", "POST", "/api/admin/dead-letters/not-a-model/retry", "admin",
                null, 404));
        cases.add(Case.get("unknown return", "/api/returns/R-NOT-THERE", "cs", 404));
        cases.add(Case.json("approve unknown return", "POST", "/api/returns/R-NOT-THERE/approve", "reviewer", "{}",
                404));
        cases.add(Case.json("settle before receipt", "POST", "/api/returns/" + returnId + "/settle", "finance",
                "{\"method\":\"REFUND\"}", 409, 422));
        cases.add(Case.json("feedback before settlement", "POST", "/api/returns/" + returnId + "/feedback", "cs",
                "{\"rating\":5}", 409, 422));
        cases.add(Case.json("receive before approval", "POST", "/api/returns/" + returnId + "/receive", "warehouse",
                "{\"lines\":[{\"lineNo\":1,\"quantity\":1}]}", 409, 422));
        cases.add(Case.json("approve more than requested", "POST", "/api/returns/" + returnId + "/approve",
                "reviewer", "{\"lines\":[{\"lineNo\":1,\"quantity\":3}]}", 409, 422));
        cases.add(Case.json("approve a line not requested", "POST", "/api/returns/" + returnId + "/approve",
                "reviewer", "{\"lines\":[{\"lineNo\":9,\"quantity\":1}]}", 409, 422));
        cases.add(Case.json("return more than shipped", "POST", "/api/returns", "cs",
                returnRequest().replace("\"quantity\":1", "\"quantity\":500"), 409, 422));
        cases.add(Case.json("return of an unknown order", "POST", "/api/returns", "cs",
                returnRequest().replace("SO-H1", "SO-NONE"), 404, 422));
        cases.add(Case.json("order recorded twice", "POST", "/api/sales-orders", "integration",
                order("SO-H1", TestClock.daysAgo(5).toString()), 409, 422));
        cases.add(Case.json("settle with exchange details for a refund", "POST", "/api/returns/" + returnId
                + "/settle", "finance", "{\"method\":\"REFUND\",\"exchange\":{\"sku\":\"SKU-2\",\"quantity\":1}}",
                400, 409, 422));
        cases.add(Case.json("unknown currency", "POST", "/api/sales-orders", "integration",
                order("SO-H3", TestClock.daysAgo(5).toString()).replace("\"CNY\"", "\"ZZZ\""), 400));
        cases.add(Case.json("DELETE a return", "DELETE", "/api/returns/" + returnId, "admin", null, 403, 405));
        cases.add(Case.json("PATCH a return", "PATCH", "/api/returns/" + returnId, "admin", "{}", 403, 405));
        cases.add(Case.json("GET on a command", "GET", "/api/returns/" + returnId + "/approve", "cs", null, 405));
        cases.add(Case.json("PUT on the worklist", "PUT", "/api/returns", "cs", "{}", 403, 405));
        cases.add(Case.json("POST to export", "POST", "/api/admin/export", "admin", "{}", 405));
        cases.add(new Case("import into a store that has events", "POST", "/api/admin/import", "admin",
                "application/x-ndjson", "{\"not\":\"an event\"}\n".getBytes(StandardCharsets.UTF_8), false, null,
                Set.of(409)));
        cases.add(new Case("import of invalid UTF-8", "POST", "/api/admin/import", "admin", "application/x-ndjson",
                invalidUtf8("{\"a\":\"b\"}"), false, null, Set.of(400, 409)));
        cases.add(new Case("XML accepted nowhere", "GET", "/api/returns/" + returnId, "cs", null, null, false,
                "application/xml", Set.of(406)));
        return cases;
    }

    private List<Case> queryCases() {
        var cases = new ArrayList<Case>();
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("/api/returns", List.of("state=FOO", "state=%24gt", "state=requested", "reason=NOT_A_REASON",
                "customer=%24where", "customer=%7B%22%24gt%22%3A%22%22%7D", "order=..%2F..%2Fetc", "waitingFor=you",
                "waitingFor=NOT_A_ROLE", "minAgeDays=-1", "minAgeDays=99999", "minAgeDays=1.5", "sort=password",
                "sort=%24natural", "page=-1", "page=abc", "page=1.5", "page=99999999999", "page=100001", "size=0",
                "size=100000", "size=-5", "page=1&page=2", "state=REQUESTED&state=APPROVED",
                "customer%5B%24ne%5D=x", "stat=REQUESTED", "customer=" + "a".repeat(200)));
        params.put("/api/stock-levels", List.of("sku=%24where", "warehouse=%7B%7D", "sku=a%00", "sku=x&sku=y",
                "skus=SKU-1"));
        params.put("/api/ledger/entries", List.of("account=1%27%20OR%201%3D1", "account=abc", "returnId=%24gt",
                "from=yesterday", "to=2026-13-01T00:00:00Z", "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
                "from=%2B1000000001-01-01T00%3A00%3A00Z", "page=-1", "size=501", "size=1&size=2"));
        params.put("/api/ledger/trial-balance", List.of("from=not-a-date",
                "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to=9999-99-99", "currency=CNY"));
        params.put("/api/ledger/store-credit", List.of("page=-1", "size=0", "size=abc", "customer=x"));
        params.put("/api/analytics/returns", List.of("", "groupBy=", "groupBy=password", "groupBy=%24where",
                "groupBy=reason&from=not-a-date", "groupBy=reason&to=2026-02-30", "groupBy=reason&groupBy=sku",
                "groupBy=reason&from=" + "9".repeat(60), "groupBy=reason&extra=1"));
        params.put("/api/notifications", List.of("status=LOST", "returnId=%24gt", "page=-1", "size=1000",
                "status=PENDING&status=FAILED"));
        params.put("/api/events", List.of("after=-2", "after=abc", "limit=0", "limit=100000", "limit=1.5",
                "type=%24where", "type=Return.Requested", "from=yesterday", "after=1&after=2",
                "after=99999999999999999999"));
        params.put("/api/audit/verify", List.of("anchorIndex=1", "anchorHash=" + "a".repeat(64),
                "anchorIndex=-1&anchorHash=" + "a".repeat(64), "anchorIndex=1&anchorHash=xyz",
                "anchorIndex=abc&anchorHash=" + "a".repeat(64)));
        params.put("/api/returns/" + returnId, List.of("asOf=yesterday", "asOf=%2B1000000001-01-01T00%3A00%3A00Z",
                "asOf=2026-01-01&asOf=2026-02-01", "as_of=2026-01-01T00:00:00Z"));
        params.put("/api/return-policy", List.of("version=1"));
        params.put("/api/admin/read-models", List.of("name=returns"));
        params.put("/api/admin/export", List.of("format=csv"));
        Map<String, String> users = Map.of("/api/ledger/entries", "finance", "/api/ledger/trial-balance", "finance",
                "/api/ledger/store-credit", "finance", "/api/events", "auditor", "/api/audit/verify", "auditor",
                "/api/admin/read-models", "admin", "/api/admin/export", "admin");
        params.forEach((path, queries) -> queries.forEach(query -> cases.add(Case.get("?" + abbreviate(query),
                path + (query.isEmpty() ? "" : "?" + query), users.getOrDefault(path, "cs")))));
        return cases;
    }

    private List<Case> sizeCases() {
        var cases = new ArrayList<Case>();
        String big = set(returnRequest(), "/reasonText", NODES.textNode("x".repeat(1_000_000)));
        cases.add(Case.json("1 MB string", "POST", "/api/returns", "cs", big, 413));
        cases.add(new Case("1 MB string, chunked", "POST", "/api/returns", "cs", JSON_TYPE,
                big.getBytes(StandardCharsets.UTF_8), true, null, Set.of(413)));
        cases.add(Case.json("10,000 lines", "POST", "/api/returns", "cs", withLines(returnRequest(), 10_000), 413));
        cases.add(new Case("10,000 lines, chunked", "POST", "/api/returns", "cs", JSON_TYPE,
                withLines(returnRequest(), 10_000).getBytes(StandardCharsets.UTF_8), true, null, Set.of(413)));
        cases.add(Case.json("10,000 receipt lines", "POST", "/api/purchase-receipts", "integration",
                withLines(receipt("PO-H9"), 10_000), 413));
        cases.add(Case.json("300 KB policy", "PUT", "/api/return-policy", "admin",
                set(policy(), "/timeZone", NODES.textNode("x".repeat(300_000))), 413));
        cases.add(Case.json("1 MB approve comment", "POST", "/api/returns/" + returnId + "/approve", "reviewer",
                "{\"comment\":\"" + "x".repeat(1_000_000) + "\"}", 413));
        byte[] archive = ("{\"a\":\"" + "x".repeat(2_000_000) + "\"}\n").getBytes(StandardCharsets.UTF_8);
        cases.add(new Case("2 MB import above its 1 MB limit", "POST", "/api/admin/import", "admin",
                "application/x-ndjson", archive, false, null, Set.of(413)));
        cases.add(new Case("2 MB import above its limit, chunked", "POST", "/api/admin/import", "admin",
                "application/x-ndjson", archive, true, null, Set.of(409, 413)));
        return cases;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void awaitReadModelsCaughtUp() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            ServiceHttp.Response status = http.send("GET", "/api/admin/read-models", "admin", null, null, false, null);
            if (status.status() != 200) {
                return false;
            }
            for (JsonNode model : status.json()) {
                if (model.path("lag").asLong(-1) != 0 || model.path("deadLetters").asLong() != 0) {
                    return false;
                }
            }
            return true;
        });
    }

    private long eventCount() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
        return count == null ? 0 : count;
    }

    /**
     * Every document of every collection, by collection. Left out: the tracking tokens, whose owner and claim time
     * change every few seconds while the processors run, and the processor instances' heartbeats, which change as
     * often, whatever the requests did.
     */
    private Map<String, List<String>> readModels() {
        var all = new TreeMap<String, List<String>>();
        for (String name : mongo.listCollectionNames()) {
            if (name.toLowerCase().contains("token") || name.equals(SegmentSharing.COLLECTION)) {
                continue;
            }
            var documents = new ArrayList<String>();
            for (Document document : mongo.getCollection(name).find().sort(new Document("_id", 1))) {
                documents.add(document.toJson());
            }
            all.put(name, documents);
        }
        assertThat(all).containsKeys("returns", "policy_versions", "stock_levels");
        return all;
    }

    private static String order(String orderId, String shippedAt) {
        return """
                {"orderId":"%s","customer":{"id":"C-H1","name":"张三","contact":"zhangsan@example.com"},
                 "warehouse":"WH-SH","shippedAt":"%s","currency":"CNY",
                 "lines":[{"lineNo":1,"sku":"SKU-1","category":"electronics","quantity":5,
                           "unitPrice":199.00,"unitCost":120.00}]}""".formatted(orderId, shippedAt);
    }

    private static String receipt(String receiptId) {
        return """
                {"receiptId":"%s","supplier":"深圳电子","warehouse":"WH-SH","receivedAt":"2026-10-01T08:00:00Z",
                 "lines":[{"sku":"SKU-1","quantity":100,"unitCost":120.00}]}""".formatted(receiptId);
    }

    private static String returnRequest() {
        return """
                {"orderId":"SO-H1","lines":[{"lineNo":1,"quantity":1,"condition":"DEFECTIVE"}],
                 "reason":"DISSATISFIED","reasonText":"not as pictured","channel":"HOTLINE",
                 "wantedResolution":"REFUND"}""";
    }

    private static String policy() {
        return """
                {"windowDays":30,"windowDaysByReason":{"QUALITY_DEFECT":90},"windowDaysByCategory":{"food":7},
                 "restockingFeePercent":15,"feeWaivedReasons":["QUALITY_DEFECT"],
                 "autoApproval":{"enabled":true,"requireWithinWindow":true,"maxValue":500.00,
                 "reasons":["QUALITY_DEFECT"]},"receiptDeadlineDays":14,"keepItemThreshold":20.00,
                 "timeZone":"Asia/Shanghai"}""";
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** {@code body} with the exact JSON text {@code rawJson} at {@code pointer} (numbers as written, escapes). */
    private static String setRaw(String body, String pointer, String rawJson) {
        return set(body, pointer, NODES.textNode("@@RAW@@")).replace("\"@@RAW@@\"", rawJson);
    }

    private static ObjectNode operator() {
        return NODES.objectNode().put("$gt", "");
    }

    /** {@code body} with the value at {@code pointer} replaced (or added). */
    private static String set(String body, String pointer, JsonNode value) {
        JsonNode root = tree(body);
        String parentPointer = pointer.substring(0, pointer.lastIndexOf('/'));
        String last = pointer.substring(pointer.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
        JsonNode parent = parentPointer.isEmpty() ? root : root.at(parentPointer);
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
        return root.toString();
    }

    private static List<String> leaves(String body) {
        var leaves = new ArrayList<String>();
        collect(tree(body), "", leaves);
        return leaves;
    }

    private static void collect(JsonNode node, String pointer, List<String> leaves) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                collect(field.getValue(), pointer + "/" + field.getKey(), leaves);
            }
        } else if (node.isArray()) {
            if (!node.isEmpty()) {
                collect(node.get(0), pointer + "/0", leaves);
            }
        } else if (!node.isNull()) {
            leaves.add(pointer);
        }
    }

    private static String withLines(String body, int count) {
        ObjectNode root = (ObjectNode) tree(body);
        ObjectNode policyRoot = root.has("lines") ? root : (ObjectNode) root.get("policy");
        ArrayNode lines = (ArrayNode) policyRoot.get("lines");
        JsonNode first = lines.get(0);
        ArrayNode many = NODES.arrayNode();
        for (int i = 0; i < count; i++) {
            ObjectNode line = first.deepCopy();
            if (line.has("lineNo")) {
                line.put("lineNo", i + 1);
            }
            many.add(line);
        }
        policyRoot.set("lines", many);
        return root.toString();
    }

    private static byte[] invalidUtf8(String json) {
        var out = new ByteArrayOutputStream();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        int quote = json.indexOf("\":\"") + 3;
        out.write(bytes, 0, quote);
        out.write(0xC3);
        out.write(0x28);
        out.write(0xFF);
        out.write(0xC0);
        out.write(0xAF);
        out.write(bytes, quote, bytes.length - quote);
        return out.toByteArray();
    }

    private static String printable(String text) {
        var out = new StringBuilder();
        text.chars().forEach(c -> out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : (char) c));
        return abbreviate(out.toString());
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…(" + text.length() + ")" : text;
    }
}
