package com.jxc.returns.app.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.jxc.returns.api.common.Role;
import com.jxc.returns.api.common.RuleViolation;
import com.jxc.returns.api.returnrequest.ReturnAction;
import com.jxc.returns.api.returnrequest.ReturnFacts;
import com.jxc.returns.api.returnrequest.ReturnState;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.ServiceHttp.Response;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.app.testing.TestClock;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The table of who may do what ({@link ReturnAction}), driven over HTTP: every action on a return in every state it
 * can reach, as every role and as the two people a person rule concerns, expecting exactly what the table says
 * (403 for a role it does not list, its refusal's rule with 409 or 422, else 2xx on a fresh return in that state);
 * and the return's {@code allowedActions} for each of them, and the forms its console page offers them, are the
 * table's answer.
 */
@ServiceTest(properties = {
        "returns.deadlines.polling-interval=1s",
        // the default policy (version 1) is written with this threshold
        "returns.settlement.dual-control-threshold=1000.00",
        // the development users, plus one who both takes and reviews requests
        "returns.security.users[0].username=cs", "returns.security.users[0].password=cs",
        "returns.security.users[0].roles[0]=CUSTOMER_SERVICE",
        "returns.security.users[1].username=reviewer", "returns.security.users[1].password=reviewer",
        "returns.security.users[1].roles[0]=REVIEWER",
        "returns.security.users[2].username=warehouse", "returns.security.users[2].password=warehouse",
        "returns.security.users[2].roles[0]=WAREHOUSE",
        "returns.security.users[3].username=finance", "returns.security.users[3].password=finance",
        "returns.security.users[3].roles[0]=FINANCE",
        "returns.security.users[4].username=finance2", "returns.security.users[4].password=finance2",
        "returns.security.users[4].roles[0]=FINANCE",
        "returns.security.users[5].username=auditor", "returns.security.users[5].password=auditor",
        "returns.security.users[5].roles[0]=AUDITOR",
        "returns.security.users[6].username=admin", "returns.security.users[6].password=admin",
        "returns.security.users[6].roles[0]=ADMIN",
        "returns.security.users[7].username=integration", "returns.security.users[7].password=integration",
        "returns.security.users[7].roles[0]=INTEGRATION",
        "returns.security.users[8].username=lead", "returns.security.users[8].password=lead",
        "returns.security.users[8].roles[0]=CUSTOMER_SERVICE", "returns.security.users[8].roles[1]=REVIEWER"})
@Import(TestClock.Config.class)
@AutoConfigureMockMvc
class ReturnActionMatrixHttpTest {

    /** Requests every return here, and may review too: the requester rule is put to them. */
    private static final String REQUESTER = "lead";
    /** Proposes every settlement here: the four-eyes rule is put to them. */
    private static final String PROPOSER = "finance";

    private record Caller(String user, Set<Role> roles) {
        @Override
        public String toString() {
            return user + " " + roles;
        }
    }

    /** One user per role (none of them the requester or the proposer), then the requester and the proposer. */
    private static final List<Caller> CALLERS = List.of(
            new Caller("cs", Set.of(Role.CUSTOMER_SERVICE)),
            new Caller("reviewer", Set.of(Role.REVIEWER)),
            new Caller("warehouse", Set.of(Role.WAREHOUSE)),
            new Caller("finance2", Set.of(Role.FINANCE)),
            new Caller("auditor", Set.of(Role.AUDITOR)),
            new Caller("admin", Set.of(Role.ADMIN)),
            new Caller("integration", Set.of(Role.INTEGRATION)),
            new Caller(REQUESTER, Set.of(Role.CUSTOMER_SERVICE, Role.REVIEWER)),
            new Caller(PROPOSER, Set.of(Role.FINANCE)));

    /** Every state a return reaches, and the two that depend on more than the state. */
    private enum Situation {
        REQUESTED(ReturnState.REQUESTED, false, false),
        APPROVED(ReturnState.APPROVED, false, false),
        APPROVED_KEEP_ITEM(ReturnState.APPROVED, true, false),
        RECEIVED(ReturnState.RECEIVED, false, false),
        INSPECTED(ReturnState.INSPECTED, false, false),
        SETTLEMENT_PENDING(ReturnState.SETTLEMENT_PENDING, false, false),
        /** a second finance user declined the proposed settlement: finance's to settle again */
        SETTLEMENT_DECLINED(ReturnState.INSPECTED, false, false),
        SETTLED(ReturnState.SETTLED, false, false),
        SETTLED_WITH_FEEDBACK(ReturnState.SETTLED, false, true),
        REJECTED(ReturnState.REJECTED, false, false),
        CANCELLED(ReturnState.CANCELLED, false, false),
        EXPIRED(ReturnState.EXPIRED, false, false);

        final ReturnFacts facts;

        Situation(ReturnState state, boolean keepItem, boolean feedbackGiven) {
            facts = new ReturnFacts(state, keepItem, feedbackGiven, REQUESTER,
                    state == ReturnState.SETTLEMENT_PENDING ? PROPOSER : null);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    TestClock clock;
    @Autowired
    MockMvc console;

    /** A return in each situation that only refused requests are sent to, so it stays there. */
    private final Map<Situation, String> unchanging = new EnumMap<>(Situation.class);

    @TestFactory
    Stream<DynamicNode> everyActionInEveryStateAnswersEveryCallerAsTheTableSays() {
        var situations = new ArrayList<DynamicNode>();
        for (Situation situation : Situation.values()) {
            var tests = new ArrayList<DynamicTest>();
            for (ReturnAction action : ReturnAction.values()) {
                if (action == ReturnAction.SUBMIT) {
                    continue;
                }
                for (Caller caller : CALLERS) {
                    Expected expected = expected(action, situation.facts, caller);
                    tests.add(DynamicTest.dynamicTest(action + " as " + caller + " → " + expected, () -> {
                        String id = expected.status() / 100 == 2 ? create(situation) : unchanging(situation);
                        Response response = http().post("/api/returns/" + id + "/" + path(action), caller.user(),
                                body(action, situation));
                        expected.assertMatches(response);
                    }));
                }
            }
            for (Caller caller : CALLERS) {
                Set<ReturnAction> allowed = ReturnAction.allowed(situation.facts, caller.user(), caller.roles());
                tests.add(DynamicTest.dynamicTest("allowedActions for " + caller + " = " + allowed, () -> {
                    Response view = http().get("/api/returns/" + unchanging(situation), caller.user());
                    if (caller.roles().contains(Role.INTEGRATION)) {
                        assertThat(view.status()).as(view.toString()).isEqualTo(403);
                        return;
                    }
                    assertThat(view.status()).as(view.toString()).isEqualTo(200);
                    var listed = new ArrayList<String>();
                    view.json().path("allowedActions").forEach(action -> listed.add(action.asText()));
                    assertThat(listed).as(view.toString())
                            .containsExactlyElementsOf(allowed.stream().map(Enum::name).toList());
                }));
            }
            for (Caller caller : CALLERS) {
                if (caller.roles().contains(Role.INTEGRATION)) {
                    continue;   // the console is for staff
                }
                Set<ReturnAction> allowed = ReturnAction.allowed(situation.facts, caller.user(), caller.roles());
                tests.add(DynamicTest.dynamicTest("console forms for " + caller + " = " + allowed, () -> {
                    String page = console.perform(get("/console/returns/{id}", unchanging(situation))
                                    .with(user(caller.user()).roles(caller.roles().stream().map(Role::name)
                                            .toArray(String[]::new))))
                            .andReturn().getResponse().getContentAsString();
                    var shown = new ArrayList<String>();
                    for (ReturnAction action : ReturnAction.values()) {
                        if (page.contains("id=\"" + formId(action) + "\"")) {
                            shown.add(action.name());
                        }
                    }
                    assertThat(shown).as(page).containsExactlyElementsOf(allowed.stream().map(Enum::name).toList());
                    assertThat(page.contains("id=\"no-actions\"")).as("'nothing to do' shown")
                            .isEqualTo(allowed.isEmpty());
                }));
            }
            situations.add(DynamicContainer.dynamicContainer(situation.name(), tests));
        }
        return situations.stream();
    }

    @TestFactory
    Stream<DynamicTest> onlyTheRolesTheTableNamesSubmitAReturn() {
        return CALLERS.stream().map(caller -> {
            boolean allowed = caller.roles().stream().anyMatch(ReturnAction.SUBMIT.roles()::contains);
            return DynamicTest.dynamicTest("SUBMIT as " + caller + " → " + (allowed ? "201" : "403"), () -> {
                Response response = http().post("/api/returns", caller.user(), submission(newOrder("199.00"),
                        "DISSATISFIED"));
                assertThat(response.status()).as(response.toString()).isEqualTo(allowed ? 201 : 403);
            });
        });
    }

    /**
     * The console's own security rules let through the roles the table names for an action and no other (on a
     * cancelled return, so that the roles let through are refused by the state and nothing changes).
     */
    @TestFactory
    Stream<DynamicTest> theConsoleLetsThroughOnlyTheRolesTheTableNames() {
        var tests = new ArrayList<DynamicTest>();
        for (ReturnAction action : ReturnAction.values()) {
            if (action == ReturnAction.SUBMIT) {
                continue;
            }
            for (Caller caller : CALLERS) {
                if (caller.roles().contains(Role.INTEGRATION)) {
                    continue;
                }
                boolean named = caller.roles().stream().anyMatch(action.roles()::contains);
                tests.add(DynamicTest.dynamicTest("console " + action + " as " + caller + " → "
                        + (named ? "let through" : "403"), () -> {
                    int status = console.perform(post("/console/returns/{id}/" + path(action),
                                    unchanging(Situation.CANCELLED)).with(csrf()).param("reason", "x")
                                    .with(user(caller.user()).roles(caller.roles().stream().map(Role::name)
                                            .toArray(String[]::new))))
                            .andReturn().getResponse().getStatus();
                    if (named) {
                        assertThat(status).isEqualTo(302);
                    } else {
                        assertThat(status).isEqualTo(403);
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void theApiDescriptionListsEveryActionAReturnMayAllow() {
        JsonNode api = http().get("/v3/api-docs", "auditor").json();
        String ref = api.at("/paths/~1api~1returns~1{returnId}/get/responses/200/content/application~1json/schema/$ref")
                .asText();
        JsonNode allowedActions = api.at("/components/schemas/" + ref.substring(ref.lastIndexOf('/') + 1)
                + "/properties/allowedActions");
        assertThat(allowedActions.path("type").asText()).as(allowedActions.toString()).isEqualTo("array");
        var documented = new ArrayList<String>();
        allowedActions.at("/items/enum").forEach(value -> documented.add(value.asText()));
        assertThat(documented).containsExactlyElementsOf(Stream.of(ReturnAction.values()).map(Enum::name).toList());
    }

    @Test
    void aReturnAsItStoodAtAnInstantOffersNoActions() {
        String id = unchanging(Situation.REQUESTED);
        Response past = http().get("/api/returns/" + id + "?asOf=" + Instant.now().plusSeconds(1), "reviewer");
        assertThat(past.status()).as(past.toString()).isEqualTo(200);
        assertThat(past.json().has("allowedActions")).as(past.toString()).isFalse();
        assertThat(http().get("/api/returns/" + id, "reviewer").json().path("allowedActions").size()).isEqualTo(2);
    }

    /** What the table says {@code caller} gets for {@code action} on a return with these facts. */
    private static Expected expected(ReturnAction action, ReturnFacts facts, Caller caller) {
        if (caller.roles().stream().noneMatch(action.roles()::contains)) {
            return new Expected(403, "forbidden");
        }
        Optional<RuleViolation> refusal = action.refusal(facts, caller.user());
        return refusal.map(violation -> new Expected(violation.isConflict() ? 409 : 422, violation.rule()))
                .orElse(new Expected(200, null));
    }

    /** {@code status} 200 stands for any 2xx; {@code rule} is the problem's rule (or "forbidden" for a 403). */
    private record Expected(int status, String rule) {

        void assertMatches(Response response) {
            if (status == 200) {
                assertThat(response.status()).as(response.toString()).isBetween(200, 299);
                return;
            }
            assertThat(response.status()).as(response.toString()).isEqualTo(status);
            assertThat(response.isProblem()).as(response.toString()).isTrue();
            if (status == 403) {
                assertThat(response.json().path("type").asText()).isEqualTo("/problems/forbidden");
            } else {
                assertThat(response.json().path("rule").asText()).as(response.toString()).isEqualTo(rule);
            }
        }

        @Override
        public String toString() {
            return status == 200 ? "2xx" : status + " " + rule;
        }
    }

    /** The console's form for an action on the return page. */
    private static String formId(ReturnAction action) {
        return switch (action) {
            case SUBMIT -> "return-form";
            case CONFIRM_SETTLEMENT -> "confirm-settlement-form";
            case DECLINE_SETTLEMENT -> "decline-settlement-form";
            case GIVE_FEEDBACK -> "feedback-form";
            default -> action.name().toLowerCase() + "-form";
        };
    }

    private static String path(ReturnAction action) {
        String endpoint = action.endpoint();
        return endpoint.substring(endpoint.indexOf("{returnId}/") + "{returnId}/".length());
    }

    /** A body the action accepts, so that only the table decides the answer. */
    private static String body(ReturnAction action, Situation situation) {
        return switch (action) {
            case APPROVE, CANCEL -> "{}";
            case REJECT, DECLINE_SETTLEMENT -> "{\"reason\":\"checked against the table\"}";
            case RECEIVE -> "{\"lines\":[{\"lineNo\":1,\"quantity\":1}]}";
            case INSPECT -> """
                    {"lines":[{"lineNo":1,"restocked":1,"scrapped":0,"repair":0,"returnedToVendor":0,"refused":0}]}""";
            case SETTLE -> "{\"method\":\"REFUND\"}";
            case CONFIRM_SETTLEMENT -> "";
            case GIVE_FEEDBACK -> "{\"rating\":5}";
            case SUBMIT -> throw new IllegalArgumentException("a submission names an order: " + situation);
        };
    }

    private String unchanging(Situation situation) {
        return unchanging.computeIfAbsent(situation, this::create);
    }

    /** A new return of one unit, brought into {@code situation} by the people whose work that is. */
    private String create(Situation situation) {
        if (situation == Situation.EXPIRED) {
            return expired();
        }
        String price = switch (situation) {
            case APPROVED_KEEP_ITEM -> "10.00";       // below the keep-item threshold
            case SETTLEMENT_PENDING, SETTLEMENT_DECLINED -> "1500.00";     // above the dual-control threshold
            default -> "199.00";
        };
        String id = submit(newOrder(price), "DISSATISFIED");
        switch (situation) {
            case REQUESTED, EXPIRED -> {
            }
            case REJECTED -> ok(http().post(at(id, "reject"), "reviewer", "{\"reason\":\"not ours\"}"));
            case CANCELLED -> ok(http().post(at(id, "cancel"), "cs", "{}"));
            default -> {
                ok(http().post(at(id, "approve"), "reviewer", "{}"));
                if (situation != Situation.APPROVED && situation != Situation.APPROVED_KEEP_ITEM) {
                    ok(http().post(at(id, "receive"), "warehouse", body(ReturnAction.RECEIVE, situation)));
                }
                if (situation.facts.state() != ReturnState.APPROVED && situation != Situation.RECEIVED) {
                    ok(http().post(at(id, "inspect"), "warehouse", body(ReturnAction.INSPECT, situation)));
                }
                if (situation.facts.state() == ReturnState.SETTLEMENT_PENDING
                        || situation.facts.state() == ReturnState.SETTLED
                        || situation == Situation.SETTLEMENT_DECLINED) {
                    ok(http().post(at(id, "settle"), PROPOSER, "{\"method\":\"REFUND\"}"));
                }
                if (situation == Situation.SETTLEMENT_DECLINED) {
                    ok(http().post(at(id, "settle/decline"), "finance2", "{\"reason\":\"wrong method\"}"));
                }
                if (situation == Situation.SETTLED_WITH_FEEDBACK) {
                    ok(http().post(at(id, "feedback"), "cs", "{\"rating\":4}"));
                }
            }
        }
        awaitView(id, situation);
        return id;
    }

    /** Approved automatically a month ago; its receipt deadline passes while nothing arrives. */
    private String expired() {
        String id;
        clock.shift(Duration.ofDays(-30));
        try {
            id = submit(newOrder("199.00", TestClock.daysAgo(40)), "QUALITY_DEFECT");
        } finally {
            clock.reset();
        }
        awaitView(id, Situation.EXPIRED);
        return id;
    }

    /** Until the return's view (what allowedActions is read from) shows the situation. */
    private void awaitView(String id, Situation situation) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode view = http().get("/api/returns/" + id, "auditor").json();
            return situation.facts.state().name().equals(view.path("state").asText())
                    && view.has("feedback") == situation.facts.feedbackGiven()
                    && view.has("settlementDecline") == (situation == Situation.SETTLEMENT_DECLINED)
                    && view.path("returnOrder").path("keepItem").asBoolean() == situation.facts.keepItem();
        });
    }

    private String newOrder(String unitPrice) {
        return newOrder(unitPrice, TestClock.daysAgo(3));
    }

    private String newOrder(String unitPrice, Instant shippedAt) {
        String orderId = "SO-" + UUID.randomUUID().toString().substring(0, 8);
        ok(http().post("/api/sales-orders", "integration", Orders.salesOrder(orderId)
                .customer("C-9", "王五", "wangwu@example.com").shippedAt(shippedAt)
                .line("SKU-9", "general", 1, unitPrice, "5.00")));
        return orderId;
    }

    private static Orders.ReturnRequest submission(String orderId, String reason) {
        return Orders.returnOf(orderId).line(1, 1, "DEFECTIVE").reason(reason).reasonText("matrix");
    }

    private String submit(String orderId, String reason) {
        Response created = ok(http().post("/api/returns", REQUESTER, submission(orderId, reason)));
        return created.createdId();
    }

    private static String at(String id, String action) {
        return "/api/returns/" + id + "/" + action;
    }

    private ServiceHttp http() {
        return ServiceHttp.onPort(port);
    }

    private static Response ok(Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 299);
        return response;
    }
}
