package com.jxc.returns.app.privacy;

import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.app.testing.TestClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Who sees contact details" table, checked over real HTTP: two customers with distinctive contacts
 * (an e-mail and a phone number) return goods and are told they were refused; then every role reads every path
 * that can carry a contact. Where the table says masked, neither raw contact appears anywhere in the response and
 * the masked forms do; where it says full, the raw contacts appear (so masking everything would fail too); where
 * the role may not read the path, it gets 403 and nothing else.
 */
@ServiceTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactMaskingHttpTest {

    static final String EMAIL = "leak-probe-7q3x@example.com";
    static final String EMAIL_MASKED = "le***@example.com";
    static final String PHONE = "+86 13987654321";
    static final String PHONE_MASKED = "+86 139****4321";
    /** What gives a raw contact away in any rendering. */
    static final List<String> RAW = List.of("leak-probe-7q3x", "13987654321");

    static final Set<String> FULL = Set.of("cs", "admin");
    static final List<String> USERS = List.of("cs", "reviewer", "warehouse", "finance", "auditor", "admin",
            "integration");
    static final Set<String> STAFF = Set.of("cs", "reviewer", "warehouse", "finance", "auditor", "admin");
    static final Set<String> NOTIFICATION_READERS = Set.of("cs", "auditor", "admin");

    @LocalServerPort
    int port;

    private final HttpClient basic = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, HttpClient> consoleSessions = new ConcurrentHashMap<>();
    private String byEmail;
    private String byPhone;

    /** One path that can carry contact data: who may read it, whether it shows contacts at all, how to read it. */
    record Route(String name, Set<String> readers, boolean showsContacts,
                 BiFunction<ContactMaskingHttpTest, String, List<Reply>> read) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Reply(int status, String body, String location) {
        Reply(int status, String body) {
            this(status, body, null);
        }
    }

    static List<Route> routes() {
        return List.of(
                new Route("GET /api/returns/{id}", STAFF, true,
                        (t, user) -> t.eachReturn(id -> t.api(user, "/api/returns/" + id, "application/json"))),
                new Route("GET /api/returns/{id}?asOf=", STAFF, true,
                        (t, user) -> t.eachReturn(id -> t.api(user, "/api/returns/" + id + "?asOf="
                                + TestClock.now(),
                                "application/json"))),
                new Route("GET /api/returns (worklist)", STAFF, true,
                        (t, user) -> List.of(t.api(user, "/api/returns?customer=C-PROBE-MAIL", "application/json"),
                                t.api(user, "/api/returns?customer=C-PROBE-PHONE", "application/json"))),
                new Route("GET /api/returns/{id}/history (JSON)", STAFF, true,
                        (t, user) -> t.eachReturn(id -> t.api(user, "/api/returns/" + id + "/history",
                                "application/json"))),
                new Route("GET /api/returns/{id}/history (CSV)", STAFF, true,
                        (t, user) -> t.eachReturn(id -> t.api(user, "/api/returns/" + id + "/history", "text/csv"))),
                new Route("GET /api/returns/{id}/updates (SSE)", STAFF, true,
                        (t, user) -> t.eachReturn(id -> t.firstServerSentEvent(user, "/api/returns/" + id
                                + "/updates"))),
                new Route("GET /api/events", Set.of("auditor", "admin", "integration"), true,
                        (t, user) -> List.of(t.api(user, "/api/events?after=-1&limit=1000", "application/json"))),
                new Route("GET /api/notifications", NOTIFICATION_READERS, true,
                        (t, user) -> t.eachReturn(id -> t.api(user, "/api/notifications?returnId=" + id,
                                "application/json"))),
                new Route("GET /api/analytics/returns?groupBy=customer (CSV)", STAFF, false,
                        (t, user) -> List.of(t.api(user, "/api/analytics/returns?groupBy=customer", "text/csv"))),
                new Route("GET /api/admin/export", Set.of("admin"), true,
                        (t, user) -> List.of(t.api(user, "/api/admin/export", "application/x-ndjson"))),
                new Route("console: return", STAFF, true,
                        (t, user) -> t.eachReturn(id -> t.console(user, "/console/returns/" + id))),
                new Route("console: my work", STAFF, false,
                        (t, user) -> List.of(t.console(user, "/console/work?stage=all&customer=C-PROBE-MAIL"),
                                t.console(user, "/console/work?stage=all&customer=C-PROBE-PHONE"))),
                new Route("console: notifications", NOTIFICATION_READERS, true,
                        (t, user) -> List.of(t.console(user, "/console/notifications"))),
                new Route("console: admin", Set.of("auditor", "admin"), true,
                        (t, user) -> List.of(t.console(user, "/console/admin"))));
    }

    static Stream<Arguments> everyRoleOnEveryRoute() {
        return routes().stream().flatMap(route -> USERS.stream().map(user -> Arguments.of(user, route)));
    }

    @BeforeAll
    void twoCustomersAreRefused() {
        byEmail = refusedReturn("SO-PROBE-MAIL", "C-PROBE-MAIL", EMAIL);
        byPhone = refusedReturn("SO-PROBE-PHONE", "C-PROBE-PHONE", PHONE);
        // every read model and the event feed have caught up before anyone looks
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String id : List.of(byEmail, byPhone)) {
                assertThat(api("cs", "/api/returns/" + id, "application/json").body()).contains("\"REJECTED\"");
                assertThat(api("cs", "/api/notifications?returnId=" + id, "application/json").body())
                        .contains("\"REJECTED\"");
            }
            assertThat(api("admin", "/api/events?after=-1&limit=1000", "application/json").body())
                    .contains(byEmail, byPhone).contains("CustomerNotificationRequested");
            assertThat(api("cs", "/api/analytics/returns?groupBy=customer", "text/csv").body())
                    .contains("C-PROBE-MAIL", "C-PROBE-PHONE");
        });
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("everyRoleOnEveryRoute")
    void contactDataIsShownInFullOnlyWhereTheTableSays(String user, Route route) {
        List<Reply> replies = route.read().apply(this, user);

        for (Reply reply : replies) {
            for (String raw : RAW) {
                if (!(FULL.contains(user) && route.readers().contains(user))) {
                    assertThat(reply.body()).as("%s on %s", user, route).doesNotContain(raw);
                }
            }
            if (!route.readers().contains(user)) {
                assertThat(reply.status()).as("%s on %s: %s", user, route, reply.body()).isEqualTo(403);
            } else {
                assertThat(reply.status()).as("%s on %s: %s", user, route, reply.body()).isEqualTo(200);
            }
        }
        if (!route.readers().contains(user) || !route.showsContacts()) {
            return;
        }
        String all = String.join("\n", replies.stream().map(Reply::body).toList());
        if (FULL.contains(user)) {
            assertThat(all).as("%s on %s", user, route).contains(EMAIL, PHONE);
        } else {
            assertThat(all).as("%s on %s", user, route).contains(EMAIL_MASKED, PHONE_MASKED);
        }
    }

    @Test
    void theSignInPageNamesTheDevelopmentUsersWhileTheyAreTheActiveOnes() {
        Reply page = send(HttpClient.newHttpClient(), HttpRequest.newBuilder(uri("/login")).GET().build());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"development-users\"");
    }

    // ---------------------------------------------------------------- planting the probe

    private String refusedReturn(String orderId, String customerId, String contact) {
        Reply order = post("integration", "/api/sales-orders", """
                {"orderId":"%s","customer":{"id":"%s","name":"探针","contact":"%s"},
                 "warehouse":"WH-SH","shippedAt":"%s","currency":"CNY",
                 "lines":[{"lineNo":1,"sku":"SKU-1","category":"general","quantity":2,"unitPrice":99.00,
                           "unitCost":50.00}]}
                """.formatted(orderId, customerId, contact, TestClock.daysAgo(3)));
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        Reply submitted = post("cs", "/api/returns", """
                {"orderId":"%s","lines":[{"lineNo":1,"quantity":1,"condition":"DEFECTIVE"}],
                 "reason":"DISSATISFIED","reasonText":"not as pictured","channel":"HOTLINE",
                 "wantedResolution":"REFUND"}
                """.formatted(orderId));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String location = submitted.location().substring(submitted.location().lastIndexOf('/') + 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> api("reviewer", "/api/returns/" + location,
                "application/json").status() == 200);
        Reply rejected = post("reviewer", "/api/returns/" + location + "/reject", "{\"reason\":\"probe\"}");
        assertThat(rejected.status()).as(rejected.body()).isBetween(200, 299);
        return location;
    }

    // ---------------------------------------------------------------- reading

    private List<Reply> eachReturn(java.util.function.Function<String, Reply> read) {
        return List.of(read.apply(byEmail), read.apply(byPhone));
    }

    private Reply api(String user, String path, String accept) {
        return send(basic, HttpRequest.newBuilder(uri(path)).header("Authorization", basicAuth(user))
                .header("Accept", accept).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private Reply post(String user, String path, String json) {
        return send(basic, HttpRequest.newBuilder(uri(path)).header("Authorization", basicAuth(user))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** The stream's first event (the return as it is now); the stream itself never ends, so it is closed after. */
    private Reply firstServerSentEvent(String user, String path) {
        var request = HttpRequest.newBuilder(uri(path)).header("Authorization", basicAuth(user))
                .header("Accept", "text/event-stream").GET().build();
        try {
            HttpResponse<Stream<String>> response = basic.send(request, HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = response.body()) {
                if (response.statusCode() != 200) {
                    return new Reply(response.statusCode(), String.join("\n", lines.toList()));
                }
                var event = new ArrayList<String>();
                for (var it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    event.add(line);
                    if (line.startsWith("data:")) {
                        break;
                    }
                }
                return new Reply(200, String.join("\n", event));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A console page as {@code user}, signed in through the form (with its CSRF token) once per user. */
    private Reply console(String user, String path) {
        HttpClient session = consoleSessions.computeIfAbsent(user, this::signIn);
        return send(session, HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpClient signIn(String user) {
        HttpClient session = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        Reply form = send(session, HttpRequest.newBuilder(uri("/login")).GET().build());
        var token = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
        assertThat(token.find()).as("CSRF token on the sign-in page").isTrue();
        String body = "username=" + encode(user) + "&password=" + encode(user) + "&_csrf=" + encode(token.group(1));
        Reply signedIn = send(session, HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(signedIn.status()).as("sign-in of %s", user).isEqualTo(302);
        return session;
    }

    private Reply send(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body(),
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String basicAuth(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
