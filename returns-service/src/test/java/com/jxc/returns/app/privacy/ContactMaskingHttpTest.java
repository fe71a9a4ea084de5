package com.jxc.returns.app.privacy;

import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.app.testing.TestClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
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
class ContactMaskingHttpTest extends ServiceOverHttp {

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


    private final Map<String, ServiceHttp> consoleSessions = new ConcurrentHashMap<>();
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
        var page = http.get("/login", null, "*/*");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"development-users\"");
    }

    // ---------------------------------------------------------------- planting the probe

    private String refusedReturn(String orderId, String customerId, String contact) {
        var order = lifecycle.recordOrder(Orders.salesOrder(orderId).customer(customerId, "探针", contact)
                .shippedDaysAgo(3).line("SKU-1", "general", 2, "99.00", "50.00"));
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        var submitted = lifecycle.submit(Orders.returnOf(orderId, 1));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String location = submitted.location().substring(submitted.location().lastIndexOf('/') + 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> api("reviewer", "/api/returns/" + location,
                "application/json").status() == 200);
        var rejected = lifecycle.reject(location, "probe");
        assertThat(rejected.status()).as(rejected.body()).isBetween(200, 299);
        return location;
    }

    // ---------------------------------------------------------------- reading

    private List<Reply> eachReturn(java.util.function.Function<String, Reply> read) {
        return List.of(read.apply(byEmail), read.apply(byPhone));
    }

    private Reply api(String user, String path, String accept) {
        var response = http.get(path, user, accept);
        return new Reply(response.status(), response.body(), response.location());
    }

    /** The stream's first event (the return as it is now); the stream itself never ends, so it is closed after. */
    private Reply firstServerSentEvent(String user, String path) {
        var event = http.firstEvent(path, user);
        return new Reply(event.status(), event.body());
    }

    /** A console page as {@code user}, signed in through the form (with its CSRF token) once per user. */
    private Reply console(String user, String path) {
        var page = consoleSessions.computeIfAbsent(user, http::signedIn).get(path, null, "*/*");
        return new Reply(page.status(), page.body(), page.location());
    }
}
