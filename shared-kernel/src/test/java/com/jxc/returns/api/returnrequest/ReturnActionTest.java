package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.Role;
import com.jxc.returns.api.common.RuleViolation;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static com.jxc.returns.api.returnrequest.ReturnAction.APPROVE;
import static com.jxc.returns.api.returnrequest.ReturnAction.CANCEL;
import static com.jxc.returns.api.returnrequest.ReturnAction.CONFIRM_SETTLEMENT;
import static com.jxc.returns.api.returnrequest.ReturnAction.DECLINE_SETTLEMENT;
import static com.jxc.returns.api.returnrequest.ReturnAction.GIVE_FEEDBACK;
import static com.jxc.returns.api.returnrequest.ReturnAction.INSPECT;
import static com.jxc.returns.api.returnrequest.ReturnAction.RECEIVE;
import static com.jxc.returns.api.returnrequest.ReturnAction.REJECT;
import static com.jxc.returns.api.returnrequest.ReturnAction.SETTLE;
import static com.jxc.returns.api.returnrequest.ReturnAction.SUBMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The table of who may do what, in which state: the behaviour the aggregate has always had, pinned. */
class ReturnActionTest {

    private static final Set<Role> ALL_ROLES = EnumSet.allOf(Role.class);

    private static ReturnFacts facts(ReturnState state) {
        return new ReturnFacts(state, false, false, "cs", null);
    }

    private static Set<ReturnAction> forSomeoneElse(ReturnFacts facts) {
        return ReturnAction.allowed(facts, "someone-else", ALL_ROLES);
    }

    @Test
    void eachStateAllowsTheActionsTheLifecycleHasThere() {
        assertThat(forSomeoneElse(facts(ReturnState.REQUESTED))).containsExactly(APPROVE, REJECT, CANCEL);
        assertThat(forSomeoneElse(facts(ReturnState.APPROVED))).containsExactly(CANCEL, RECEIVE);
        assertThat(forSomeoneElse(new ReturnFacts(ReturnState.APPROVED, true, false, "cs", null)))
                .as("the customer keeps the goods").containsExactly(CANCEL, SETTLE);
        assertThat(forSomeoneElse(facts(ReturnState.RECEIVED))).containsExactly(INSPECT);
        assertThat(forSomeoneElse(facts(ReturnState.INSPECTED))).containsExactly(SETTLE);
        assertThat(forSomeoneElse(new ReturnFacts(ReturnState.SETTLEMENT_PENDING, false, false, "cs", "finance")))
                .containsExactly(CONFIRM_SETTLEMENT, DECLINE_SETTLEMENT);
        assertThat(forSomeoneElse(facts(ReturnState.SETTLED))).containsExactly(GIVE_FEEDBACK);
        assertThat(forSomeoneElse(new ReturnFacts(ReturnState.SETTLED, false, true, "cs", null))).isEmpty();
        for (ReturnState closed : EnumSet.of(ReturnState.REJECTED, ReturnState.CANCELLED, ReturnState.EXPIRED)) {
            assertThat(forSomeoneElse(facts(closed))).as(closed.name()).isEmpty();
        }
    }

    @Test
    void eachActionBelongsToTheRoleThatDoesThatWork() {
        assertThat(SUBMIT.roles()).containsExactly(Role.CUSTOMER_SERVICE);
        assertThat(APPROVE.roles()).containsExactly(Role.REVIEWER);
        assertThat(REJECT.roles()).containsExactly(Role.REVIEWER);
        assertThat(CANCEL.roles()).containsExactly(Role.CUSTOMER_SERVICE);
        assertThat(RECEIVE.roles()).containsExactly(Role.WAREHOUSE);
        assertThat(INSPECT.roles()).containsExactly(Role.WAREHOUSE);
        assertThat(SETTLE.roles()).containsExactly(Role.FINANCE);
        assertThat(CONFIRM_SETTLEMENT.roles()).containsExactly(Role.FINANCE);
        assertThat(DECLINE_SETTLEMENT.roles()).containsExactly(Role.FINANCE);
        assertThat(GIVE_FEEDBACK.roles()).containsExactly(Role.CUSTOMER_SERVICE);

        ReturnFacts requested = facts(ReturnState.REQUESTED);
        assertThat(ReturnAction.allowed(requested, "reviewer", Set.of(Role.REVIEWER))).containsExactly(APPROVE, REJECT);
        assertThat(ReturnAction.allowed(requested, "cs2", Set.of(Role.CUSTOMER_SERVICE))).containsExactly(CANCEL);
        assertThat(ReturnAction.allowed(requested, "auditor", Set.of(Role.AUDITOR, Role.ADMIN, Role.INTEGRATION)))
                .isEmpty();
    }

    @Test
    void theRequesterMayNeitherApproveNorRejectTheirOwnRequest() {
        ReturnFacts requested = new ReturnFacts(ReturnState.REQUESTED, false, false, "lee", null);

        assertThat(ReturnAction.allowed(requested, "lee", Set.of(Role.CUSTOMER_SERVICE, Role.REVIEWER)))
                .containsExactly(CANCEL);
        assertThat(APPROVE.refusal(requested, "lee")).get().satisfies(refusal -> {
            assertThat(refusal.rule()).isEqualTo("requester-cannot-approve");
            assertThat(refusal.isConflict()).isFalse();
        });
        assertThat(REJECT.refusal(requested, "lee")).get().extracting(RuleViolation::rule)
                .isEqualTo("requester-cannot-reject");
    }

    @Test
    void theProposerOfASettlementMayNeitherConfirmNorDeclineIt() {
        ReturnFacts pending = new ReturnFacts(ReturnState.SETTLEMENT_PENDING, false, false, "cs", "finance");

        assertThat(ReturnAction.allowed(pending, "finance", Set.of(Role.FINANCE))).isEmpty();
        assertThat(ReturnAction.allowed(pending, "finance2", Set.of(Role.FINANCE)))
                .containsExactly(CONFIRM_SETTLEMENT, DECLINE_SETTLEMENT);
        assertThat(CONFIRM_SETTLEMENT.refusal(pending, "finance")).get().satisfies(refusal -> {
            assertThat(refusal.rule()).isEqualTo("four-eyes");
            assertThat(refusal.isConflict()).isFalse();
            assertThat(refusal.getMessage()).endsWith("a different finance user must confirm it");
        });
        assertThat(DECLINE_SETTLEMENT.refusal(pending, "finance")).get().extracting(RuleViolation::getMessage)
                .asString().endsWith("a different finance user must decline it");
    }

    @Test
    void aRefusalNamesTheRuleTheAggregateHasAlwaysAnsweredWith() {
        assertThat(rule(APPROVE, facts(ReturnState.APPROVED))).isEqualTo("return-not-awaiting-review");
        assertThat(rule(REJECT, facts(ReturnState.CANCELLED))).isEqualTo("return-not-awaiting-review");
        assertThat(rule(CANCEL, facts(ReturnState.RECEIVED))).isEqualTo("return-not-cancellable");
        assertThat(rule(RECEIVE, facts(ReturnState.REQUESTED))).isEqualTo("return-not-awaiting-goods");
        assertThat(rule(RECEIVE, new ReturnFacts(ReturnState.APPROVED, true, false, "cs", null)))
                .isEqualTo("keep-item-return");
        assertThat(rule(INSPECT, facts(ReturnState.APPROVED))).isEqualTo("return-not-awaiting-inspection");
        assertThat(rule(SETTLE, facts(ReturnState.SETTLED))).isEqualTo("already-settled");
        assertThat(rule(SETTLE, new ReturnFacts(ReturnState.SETTLEMENT_PENDING, false, false, "cs", "finance")))
                .isEqualTo("settlement-awaiting-confirmation");
        assertThat(rule(SETTLE, facts(ReturnState.APPROVED))).isEqualTo("return-not-ready-for-settlement");
        assertThat(rule(SETTLE, facts(ReturnState.RECEIVED))).isEqualTo("return-not-ready-for-settlement");
        assertThat(rule(CONFIRM_SETTLEMENT, facts(ReturnState.SETTLED))).isEqualTo("already-settled");
        assertThat(rule(CONFIRM_SETTLEMENT, facts(ReturnState.INSPECTED))).isEqualTo("no-settlement-to-confirm");
        assertThat(rule(DECLINE_SETTLEMENT, facts(ReturnState.SETTLED))).isEqualTo("already-settled");
        assertThat(rule(DECLINE_SETTLEMENT, facts(ReturnState.INSPECTED))).isEqualTo("no-settlement-to-decline");
        assertThat(rule(GIVE_FEEDBACK, facts(ReturnState.INSPECTED))).isEqualTo("return-not-settled");
        assertThat(rule(GIVE_FEEDBACK, new ReturnFacts(ReturnState.SETTLED, false, true, "cs", null)))
                .isEqualTo("feedback-already-given");
        for (ReturnAction action : ReturnAction.values()) {
            for (ReturnState state : ReturnState.values()) {
                action.refusal(facts(state), "someone-else").ifPresent(refusal -> assertThat(refusal.isConflict())
                        .as("%s in %s: a state refusal is a conflict", action, state).isTrue());
            }
        }
    }

    @Test
    void checkThrowsTheRefusal() {
        assertThatThrownBy(() -> INSPECT.check(facts(ReturnState.SETTLED), "warehouse"))
                .isInstanceOf(RuleViolation.class).hasMessage("the return is SETTLED, not RECEIVED");
    }

    @Test
    void submittingCreatesAReturnAndSoAppliesToNoExistingOne() {
        for (ReturnState state : ReturnState.values()) {
            assertThat(SUBMIT.conditionIn(state)).as(state.name()).isEmpty();
        }
        assertThat(SUBMIT.endpoint()).isEqualTo("POST /api/returns");
        assertThat(SUBMIT.apiPattern()).isEqualTo("/api/returns");
        assertThat(CONFIRM_SETTLEMENT.endpoint()).isEqualTo("POST /api/returns/{returnId}/settle/confirm");
        assertThat(CONFIRM_SETTLEMENT.apiPattern()).isEqualTo("/api/returns/*/settle/confirm");
    }

    private static String rule(ReturnAction action, ReturnFacts facts) {
        return action.refusal(facts, "someone-else").orElseThrow().rule();
    }
}
