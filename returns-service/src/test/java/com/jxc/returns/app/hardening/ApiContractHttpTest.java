package com.jxc.returns.app.hardening;

import com.jxc.returns.api.common.Role;
import com.jxc.returns.api.returnrequest.ReturnAction;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The role matrix (every endpoint × every role and anonymous) and the OpenAPI description, both checked against the
 * running service: the same table must be enforced, documented, and cover every endpoint there is.
 */
@ServiceTest
class ApiContractHttpTest {

    /** Development user per role (password = user name). */
    static final Map<String, String> USERS = new LinkedHashMap<>();

    static {
        USERS.put("CUSTOMER_SERVICE", "cs");
        USERS.put("REVIEWER", "reviewer");
        USERS.put("WAREHOUSE", "warehouse");
        USERS.put("FINANCE", "finance");
        USERS.put("AUDITOR", "auditor");
        USERS.put("ADMIN", "admin");
        USERS.put("INTEGRATION", "integration");
    }

    private static final String STAFF = "CUSTOMER_SERVICE REVIEWER WAREHOUSE FINANCE AUDITOR ADMIN";
    private static final String MONEY = "FINANCE AUDITOR ADMIN";

    /** The role matrix: endpoint → roles allowed. The README shows this table. */
    static final Map<String, String> MATRIX = new LinkedHashMap<>();

    static {
        MATRIX.put("POST /api/sales-orders", "INTEGRATION");
        MATRIX.put("POST /api/purchase-receipts", "INTEGRATION");
        // the actions on returns: the table of who may do what (ReturnActionMatrixHttpTest drives it state by state)
        for (ReturnAction action : ReturnAction.values()) {
            MATRIX.put(action.endpoint(), action.roles().stream().map(Role::name).sorted()
                    .collect(Collectors.joining(" ")));
        }
        MATRIX.put("PUT /api/return-policy", "ADMIN");
        MATRIX.put("POST /api/return-policy/backtest", "AUDITOR ADMIN");
        MATRIX.put("GET /api/return-policy", STAFF);
        MATRIX.put("GET /api/return-policy/versions", STAFF);
        MATRIX.put("GET /api/returns", STAFF);
        MATRIX.put("GET /api/returns/{returnId}", STAFF);
        MATRIX.put("GET /api/returns/{returnId}/updates", STAFF);
        MATRIX.put("GET /api/returns/{returnId}/history", STAFF);
        MATRIX.put("GET /api/stock-levels", STAFF);
        MATRIX.put("GET /api/analytics/returns", STAFF);
        MATRIX.put("GET /api/ledger/entries", MONEY);
        MATRIX.put("GET /api/ledger/trial-balance", MONEY);
        MATRIX.put("GET /api/ledger/store-credit", MONEY);
        MATRIX.put("GET /api/ledger/store-credit/{customerId}", MONEY);
        MATRIX.put("GET /api/notifications", "CUSTOMER_SERVICE AUDITOR ADMIN");
        MATRIX.put("GET /api/events", "AUDITOR ADMIN INTEGRATION");
        MATRIX.put("GET /api/audit/verify", "AUDITOR ADMIN");
        MATRIX.put("GET /api/admin/export", "ADMIN");
        MATRIX.put("POST /api/admin/import", "ADMIN");
        MATRIX.put("GET /api/admin/read-models", "AUDITOR ADMIN");
        MATRIX.put("GET /api/admin/read-models/{name}", "AUDITOR ADMIN");
        MATRIX.put("POST /api/admin/read-models/rebuild", "ADMIN");
        MATRIX.put("POST /api/admin/read-models/{name}/rebuild", "ADMIN");
        MATRIX.put("GET /api/admin/dead-letters", "ADMIN");
        MATRIX.put("POST /api/admin/dead-letters/{name}/retry", "ADMIN");
    }

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** A request that passes authorisation and then fails validation, finds nothing, or reads harmlessly. */
    private ServiceHttp.Response call(String endpoint, String user) {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path = endpoint.substring(endpoint.indexOf(' ') + 1)
                // an open event stream would wait for a change that never comes: an id refused as invalid instead
                .replace("{returnId}/updates", "%24bad/updates")
                .replace("{returnId}", "RM-NONE").replace("{customerId}", "C-NONE").replace("{name}", "no-such");
        String accept = path.endsWith("/updates") ? "text/event-stream" : null;
        if (path.equals("/api/analytics/returns")) {
            path += "?groupBy=reason";
        }
        var http = ServiceHttp.onPort(port);
        if (method.equals("GET")) {
            return http.send("GET", path, user, null, null, false, accept);
        }
        if (path.endsWith("/rebuild") || path.endsWith("/retry")) {
            return http.send(method, path, user, null, null, false, null); // these take no body
        }
        String contentType = path.equals("/api/admin/import") ? "application/x-ndjson" : "application/json";
        return http.send(method, path, user, contentType, "{}".getBytes(StandardCharsets.UTF_8), false, null);
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointAnswersOnlyTheRolesTheMatrixAllows() {
        var tests = new ArrayList<DynamicTest>();
        MATRIX.forEach((endpoint, roles) -> {
            Set<String> allowed = Set.of(roles.split(" "));
            tests.add(DynamicTest.dynamicTest(endpoint + " anonymous → 401", () -> {
                ServiceHttp.Response response = call(endpoint, null);
                assertThat(response.status()).as(response.toString()).isEqualTo(401);
                assertThat(response.isProblem()).as(response.toString()).isTrue();
            }));
            USERS.forEach((role, user) -> tests.add(DynamicTest.dynamicTest(endpoint + " as " + role + " → "
                    + (allowed.contains(role) ? "allowed" : "403"), () -> {
                ServiceHttp.Response response = call(endpoint, user);
                if (allowed.contains(role)) {
                    assertThat(response.status()).as(response.toString()).isNotIn(401, 403).isLessThan(500);
                } else {
                    assertThat(response.status()).as(response.toString()).isEqualTo(403);
                    assertThat(response.isProblem()).as(response.toString()).isTrue();
                    assertThat(response.json().path("type").asText()).isEqualTo("/problems/forbidden");
                }
            })));
        });
        return tests.stream();
    }

    @Test
    void theMatrixCoversEveryApiEndpoint() {
        assertThat(new TreeSet<>(MATRIX.keySet())).isEqualTo(handlerEndpoints());
    }

    @Test
    void apiDescriptionListsEveryEndpointWithTheRolesTheMatrixAllows() {
        var http = ServiceHttp.onPort(port);
        ServiceHttp.Response doc = http.send("GET", "/v3/api-docs", "auditor", null, null, false, "application/json");
        assertThat(doc.status()).as(doc.toString()).isEqualTo(200);
        JsonNode api = doc.json();

        var documented = new TreeSet<String>();
        api.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (Set.of("get", "post", "put", "delete", "patch").contains(method)) {
                documented.add(method.toUpperCase() + " " + path.getKey());
            }
        }));
        assertThat(documented).isEqualTo(handlerEndpoints());

        MATRIX.forEach((endpoint, roles) -> {
            String method = endpoint.substring(0, endpoint.indexOf(' ')).toLowerCase();
            JsonNode operation = api.path("paths").path(endpoint.substring(endpoint.indexOf(' ') + 1)).path(method);
            var documentedRoles = new TreeSet<String>();
            operation.path("x-roles").forEach(role -> documentedRoles.add(role.asText()));
            assertThat(documentedRoles).as(endpoint).isEqualTo(new TreeSet<>(Arrays.asList(roles.split(" "))));
            assertThat(operation.path("description").asText()).as(endpoint).contains("Roles: ");
            assertThat(operation.path("responses").path("401").path("content").has("application/problem+json"))
                    .as(endpoint).isTrue();
            assertThat(operation.path("responses").path("403").path("content").has("application/problem+json"))
                    .as(endpoint).isTrue();
            if (!method.equals("get")) {
                for (String status : List.of("400", "404", "409", "413", "415", "422")) {
                    assertThat(operation.path("responses").has(status)).as(endpoint + " " + status).isTrue();
                }
            }
        });
        for (String command : List.of("/api/sales-orders", "/api/purchase-receipts", "/api/returns",
                "/api/returns/{returnId}/approve", "/api/returns/{returnId}/reject", "/api/returns/{returnId}/cancel",
                "/api/returns/{returnId}/receive", "/api/returns/{returnId}/inspect",
                "/api/returns/{returnId}/settle", "/api/returns/{returnId}/feedback")) {
            JsonNode body = api.path("paths").path(command).path("post").path("requestBody");
            assertThat(body.path("content").path("application/json").path("examples").size()).as(command)
                    .isPositive();
            assertThat(body.path("content").path("application/json").path("schema").isMissingNode()).as(command)
                    .isFalse();
        }
        assertThat(api.path("paths").path("/api/return-policy").path("put").path("requestBody").path("content")
                .path("application/json").path("examples").size()).isPositive();
        assertThat(api.at("/components/securitySchemes/basicAuth/scheme").asText()).isEqualTo("basic");
        assertThat(api.at("/components/schemas/Problem/properties/errors").isMissingNode()).isFalse();
    }

    /**
     * Redocly's CLI (npm {@code @redocly/cli}, which {@code .ci/run} installs into {@code .ci/tools}) finds no error in
     * the served description: what a user's own tooling would report first.
     */
    @Test
    void redoclyFindsNoErrorInTheServedDescription() throws Exception {
        Path redocly = Path.of(System.getProperty("redocly", "../.ci/tools/node_modules/.bin/redocly"));
        assertThat(redocly).as("Redocly's CLI is required at %s; install it with 'npm install --prefix .ci/tools "
                + "@redocly/cli@2.77.0' in the project root", redocly).isExecutable();
        Path description = Files.createTempFile("api-docs", ".json");
        Files.writeString(description, ServiceHttp.onPort(port).send("GET", "/v3/api-docs", "auditor", null, null, false,
                "application/json").body());
        Process lint = new ProcessBuilder(redocly.toString(), "lint", description.toString(), "--format=stylish")
                .redirectErrorStream(true).start();
        String report = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).as("redocly ended").isTrue();
        assertThat(lint.exitValue()).as(report).isZero();
    }

    /** The description says what the service does: each of these was once documented wrong. */
    @Test
    void apiDescriptionIsTheTruth() throws IOException {
        ServiceHttp.Response served = ServiceHttp.onPort(port).send("GET", "/v3/api-docs", "auditor", null, null, false,
                "application/json");
        JsonNode api = served.json();
        assertThat(api.path("openapi").asText()).startsWith("3.0.");
        JsonNode schemas = api.at("/components/schemas");

        // one schema per type: the purchase receipt's lines are not the sales order's
        JsonNode receiptLine = schemas.path(ref(schemas.path(ref(api.at("/paths/~1api~1purchase-receipts/post"
                + "/requestBody/content/application~1json/schema"))).at("/properties/lines/items")));
        assertThat(fieldNames(receiptLine.path("properties"))).containsExactlyInAnyOrder("sku", "quantity",
                "unitCost");
        assertThat(receiptLine.path("required").toString()).doesNotContain("lineNo", "category", "unitPrice");
        JsonNode orderLine = schemas.path(ref(schemas.path(ref(api.at("/paths/~1api~1sales-orders/post"
                + "/requestBody/content/application~1json/schema"))).at("/properties/lines/items")));
        assertThat(fieldNames(orderLine.path("properties"))).contains("lineNo", "category", "unitPrice");
        assertThat(ref(schemas.at("/LedgerEntry/properties/lines/items")))
                .isNotEqualTo(ref(schemas.at("/ReturnView/properties/lines/items")));
        assertThat(fieldNames(schemas.path(ref(schemas.at("/LedgerEntry/properties/lines/items")))
                .path("properties"))).contains("account");
        assertThat(fieldNames(schemas.path(ref(schemas.at("/ReturnView/properties/settlement"))).path("properties")))
                .contains("goodsValue", "restockingFee");
        assertThat(ref(schemas.at("/ReturnView/properties/settlement")))
                .isNotEqualTo(ref(schemas.at("/PolicyBacktest.Verdict/properties/settlement")));

        // statuses and headers as sent
        JsonNode paths = api.path("paths");
        JsonNode submitted = paths.at("/~1api~1returns/post/responses");
        assertThat(submitted.has("201")).isTrue();
        assertThat(submitted.has("200")).isFalse();
        assertThat(submitted.at("/201/headers").has("Location")).isTrue();
        assertThat(paths.at("/~1api~1returns~1{returnId}~1settle/post/responses").has("202")).isTrue();
        assertThat(paths.at("/~1api~1admin~1read-models~1{name}~1rebuild/post/responses").has("202")).isTrue();
        assertThat(paths.at("/~1api~1returns~1{returnId}/get/responses/200/headers").has("ETag")).isTrue();
        assertThat(paths.at("/~1api~1returns/get/responses/503/headers").has("Retry-After")).isTrue();
        assertThat(headerParameters(paths.at("/~1api~1returns~1{returnId}~1approve/post")))
                .contains("Idempotency-Key", "If-Match", "X-Correlation-Id");

        // event payloads are objects, not strings
        assertThat(schemas.at("/ReturnHistory.EntryJson/properties/payload/type").asText()).isEqualTo("object");
        assertThat(schemas.at("/EventFeed.FeedItem/properties/payload/type").asText()).isEqualTo("object");

        var patterns = new ArrayList<String>();
        collectPatterns(api, patterns);
        assertThat(patterns).isNotEmpty().allSatisfy(pattern -> {
            assertThat(pattern).startsWith("^").doesNotContain("\\p{");
            assertThat(pattern.endsWith("$") || pattern.equals("^(?:19[7-9][0-9]|2[01][0-9][0-9])-")).as(pattern)
                    .isTrue();
        });

        var declaredTags = new TreeSet<String>();
        api.path("tags").forEach(tag -> declaredTags.add(tag.path("name").asText()));
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            String what = operation.getKey() + " " + path.getKey();
            assertThat(operation.getValue().path("summary").asText()).as(what).isNotBlank();
            assertThat(operation.getValue().path("tags")).as(what).hasSize(1);
            assertThat(declaredTags).as(what).contains(operation.getValue().path("tags").get(0).asText());
        }));
        assertThat(declaredTags).noneMatch(tag -> tag.toLowerCase().contains("controller"));
    }

    private static String ref(JsonNode schema) {
        String ref = schema.path("$ref").asText();
        assertThat(ref).startsWith("#/components/schemas/");
        return ref.substring("#/components/schemas/".length());
    }

    private static List<String> fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> headerParameters(JsonNode operation) {
        var names = new ArrayList<String>();
        operation.path("parameters").forEach(parameter -> {
            if (parameter.path("in").asText().equals("header")) {
                names.add(parameter.path("name").asText());
            }
        });
        return names;
    }

    private static void collectPatterns(JsonNode node, List<String> patterns) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("pattern") && field.getValue().isTextual()) {
                    patterns.add(field.getValue().asText());
                } else {
                    collectPatterns(field.getValue(), patterns);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectPatterns(element, patterns));
        }
    }

    @Test
    void apiDescriptionAndSwaggerUiNeedSignIn() {
        var http = ServiceHttp.onPort(port);
        assertThat(http.send("GET", "/v3/api-docs", null, null, null, false, null).status()).isEqualTo(401);
        assertThat(http.send("GET", "/swagger-ui.html", null, null, null, false, "text/html").status())
                .isEqualTo(401);
        ServiceHttp.Response ui = http.send("GET", "/swagger-ui/index.html", "cs", null, null, false, "text/html");
        assertThat(ui.status()).as(ui.toString()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }

    private Set<String> handlerEndpoints() {
        return mappings.getHandlerMethods().keySet().stream()
                .flatMap(info -> info.getPatternValues().stream()
                        .filter(path -> path.startsWith("/api/"))
                        .flatMap(path -> info.getMethodsCondition().getMethods().stream()
                                .map(method -> method.name() + " " + path)))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
