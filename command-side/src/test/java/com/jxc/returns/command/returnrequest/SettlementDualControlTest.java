package com.jxc.returns.command.returnrequest;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.returnpolicy.PolicyVersion;
import com.jxc.returns.api.returnrequest.ApproveReturnCommand;
import com.jxc.returns.api.returnrequest.ConfirmSettlementCommand;
import com.jxc.returns.api.returnrequest.CreditedLine;
import com.jxc.returns.api.returnrequest.DeclineSettlementCommand;
import com.jxc.returns.api.returnrequest.ExchangeShipment;
import com.jxc.returns.api.returnrequest.NotificationTopic;
import com.jxc.returns.api.returnrequest.RejectReturnCommand;
import com.jxc.returns.api.returnrequest.ReturnState;
import com.jxc.returns.api.returnrequest.ReturnSettled;
import com.jxc.returns.api.returnrequest.SettleReturnCommand;
import com.jxc.returns.api.returnrequest.SettlementDeclined;
import com.jxc.returns.api.returnrequest.SettlementMethod;
import com.jxc.returns.api.returnrequest.SettlementProposed;
import com.jxc.returns.command.returnpolicy.ReturnPolicies;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.jxc.returns.command.Violations.conflict;
import static com.jxc.returns.command.Violations.invalid;
import static com.jxc.returns.command.returnrequest.ReturnTestData.*;

/** Four eyes on large settlements (confirmed or declined by a second finance user), the requester never approving, and commands against an expected version. */
class SettlementDualControlTest {

    private static final UserId SECOND_CASHIER = new UserId("finance-2");
    private static final Instant CONFIRMED_AT = SETTLED_AT.plusSeconds(3600);
    /** Two kettles credited less 15 %: 338.30 paid out, above this policy's 300.00 threshold. */
    private static final PolicyVersion FOUR_EYES_ABOVE_300 =
            new PolicyVersion(3, TERMS.withDualControlThreshold(new BigDecimal("300.00")));
    private static final List<CreditedLine> TWO_KETTLES_CREDITED = List.of(new CreditedLine(1, KETTLE_SKU,
            "appliances", Quantity.of(2), cny("199.00"), cny("120.00")));

    private AggregateTestFixture<ReturnRequest> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ReturnRequest.class);
        fixture.registerInjectableResource((ReturnPolicies) () -> FOUR_EYES_ABOVE_300);
        fixture.registerInjectableResource(NUMBERS);
    }

    private static List<Object> twoKettlesInspected() {
        return new ArrayList<>(List.of(requested(kettles(2)), approved(line(1, 2)), issued(kettles(2)),
                received(receivedAsAuthorised(kettles(2))), inspected(inspectedLine(1, KETTLE_SKU, 1, 1, 0, 0, 0))));
    }

    private static SettleReturnCommand settle(SettlementMethod method, UserId by) {
        return new SettleReturnCommand(RETURN, method, null, null, null, by, SETTLED_AT);
    }

    private static SettlementProposed refundProposed() {
        return new SettlementProposed(RETURN, ORDER, CUSTOMER.id(), WAREHOUSE, SettlementMethod.REFUND,
                TWO_KETTLES_CREDITED, cny("398.00"), cny("59.70"), false, cny("338.30"), null, cny("338.30"),
                cny("0.00"), cny("0.00"), false, cny("338.30"), cny("300.00"), CASHIER, SETTLED_AT, POLICY.version());
    }

    private static List<Object> refundAwaitingConfirmation() {
        var events = twoKettlesInspected();
        events.add(refundProposed());
        return events;
    }

    @Test
    void aSettlementAboveTheThresholdIsOnlyProposedAndMovesNoMoney() {
        fixture.given(twoKettlesInspected())
                .when(settle(SettlementMethod.REFUND, CASHIER))
                .expectEvents(refundProposed());
    }

    @Test
    void anExchangeCountsTheGoodsShippedTowardsTheThreshold() {
        var shipment = new ExchangeShipment(KETTLE_SKU, Quantity.of(2), cny("199.00"));
        fixture.given(twoKettlesInspected())
                .when(settle(SettlementMethod.EXCHANGE, CASHIER))
                .expectEvents(new SettlementProposed(RETURN, ORDER, CUSTOMER.id(), WAREHOUSE,
                        SettlementMethod.EXCHANGE, TWO_KETTLES_CREDITED, cny("398.00"), cny("59.70"), false,
                        cny("338.30"), shipment, cny("0.00"), cny("0.00"), cny("59.70"), false, cny("398.00"),
                        cny("300.00"), CASHIER, SETTLED_AT, POLICY.version()));
    }

    @Test
    void aSettlementAtTheThresholdIsSettledAtOnce() {
        fixture = new AggregateTestFixture<>(ReturnRequest.class);
        fixture.registerInjectableResource((ReturnPolicies) () ->
                new PolicyVersion(3, TERMS.withDualControlThreshold(new BigDecimal("338.30"))));
        fixture.registerInjectableResource(NUMBERS);
        fixture.given(twoKettlesInspected())
                .when(settle(SettlementMethod.REFUND, CASHIER))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.hamcrest.Matchers.instanceOf(ReturnSettled.class),
                                org.hamcrest.Matchers.anything(),
                                org.axonframework.test.matchers.Matchers.andNoMore())));
    }

    @Test
    void aDifferentFinanceUserConfirmsExactlyTheProposedAmounts() {
        fixture.given(refundAwaitingConfirmation())
                .when(new ConfirmSettlementCommand(RETURN, SECOND_CASHIER, CONFIRMED_AT))
                .expectEvents(new ReturnSettled(RETURN, ORDER, CUSTOMER.id(), WAREHOUSE, SettlementMethod.REFUND,
                                TWO_KETTLES_CREDITED, cny("398.00"), cny("59.70"), false, cny("338.30"), null,
                                cny("338.30"), cny("0.00"), cny("0.00"), false, SECOND_CASHIER, CONFIRMED_AT,
                                POLICY.version()),
                        notice(NotificationTopic.SETTLED, NUMBER,
                                "Your refund of 338.30 CNY (398.00 CNY less a restocking fee of 59.70 CNY) is on"
                                        + " its way to your original payment.", CONFIRMED_AT));
    }

    @Test
    void theProposerCannotConfirmTheirOwnSettlement() {
        fixture.given(refundAwaitingConfirmation())
                .when(new ConfirmSettlementCommand(RETURN, CASHIER, CONFIRMED_AT))
                .expectNoEvents()
                .expectException(invalid("four-eyes"));
    }

    @Test
    void aPendingSettlementCannotBeSettledAgain() {
        fixture.given(refundAwaitingConfirmation())
                .when(settle(SettlementMethod.STORE_CREDIT, SECOND_CASHIER))
                .expectNoEvents()
                .expectException(conflict("settlement-awaiting-confirmation"));
    }

    @Test
    void nothingToConfirmBeforeAProposalOrAfterTheSettlement() {
        fixture.given(twoKettlesInspected())
                .when(new ConfirmSettlementCommand(RETURN, SECOND_CASHIER, CONFIRMED_AT))
                .expectNoEvents()
                .expectException(conflict("no-settlement-to-confirm"));
        var settled = refundAwaitingConfirmation();
        settled.add(new ReturnSettled(RETURN, ORDER, CUSTOMER.id(), WAREHOUSE, SettlementMethod.REFUND,
                TWO_KETTLES_CREDITED, cny("398.00"), cny("59.70"), false, cny("338.30"), null, cny("338.30"),
                cny("0.00"), cny("0.00"), false, SECOND_CASHIER, CONFIRMED_AT, POLICY.version()));
        fixture.given(settled)
                .when(new ConfirmSettlementCommand(RETURN, SECOND_CASHIER, CONFIRMED_AT))
                .expectNoEvents()
                .expectException(conflict("already-settled"));
    }

    private static final Instant DECLINED_AT = SETTLED_AT.plusSeconds(1800);

    private static SettlementDeclined declined(ReturnState returnedTo) {
        return new SettlementDeclined(RETURN, ORDER, "refund to a closed account", CASHIER, SECOND_CASHIER,
                DECLINED_AT, returnedTo);
    }

    @Test
    void aDifferentFinanceUserDeclinesWithAReasonAndTheReturnIsInspectedAgain() {
        fixture.given(refundAwaitingConfirmation())
                .when(new DeclineSettlementCommand(RETURN, "  refund to a closed account ", SECOND_CASHIER,
                        DECLINED_AT))
                .expectEvents(declined(ReturnState.INSPECTED));
    }

    @Test
    void aDeclinedSettlementOfGoodsTheCustomerKeepsGoesBackToApproved() {
        var proposal = new SettlementProposed(RETURN, ORDER, CUSTOMER.id(), WAREHOUSE, SettlementMethod.REFUND,
                TWO_KETTLES_CREDITED, cny("398.00"), cny("0.00"), true, cny("398.00"), null, cny("398.00"),
                cny("0.00"), cny("0.00"), true, cny("398.00"), cny("300.00"), CASHIER, SETTLED_AT, POLICY.version());
        fixture.given(requested(kettles(2)), approved(line(1, 2)), issuedToKeep(kettles(2)), proposal)
                .when(new DeclineSettlementCommand(RETURN, "refund to a closed account", SECOND_CASHIER,
                        DECLINED_AT))
                .expectEvents(declined(ReturnState.APPROVED));
    }

    @Test
    void theProposerCannotDeclineTheirOwnSettlement() {
        fixture.given(refundAwaitingConfirmation())
                .when(new DeclineSettlementCommand(RETURN, "changed my mind", CASHIER, DECLINED_AT))
                .expectNoEvents()
                .expectException(invalid("four-eyes"));
    }

    @Test
    void aDeclineNeedsAReason() {
        fixture.given(refundAwaitingConfirmation())
                .when(new DeclineSettlementCommand(RETURN, "  ", SECOND_CASHIER, DECLINED_AT))
                .expectNoEvents()
                .expectException(invalid("decline-needs-reason"));
    }

    @Test
    void nothingToDeclineBeforeAProposalOrAfterTheSettlementOrTheDecline() {
        fixture.given(twoKettlesInspected())
                .when(new DeclineSettlementCommand(RETURN, "no", SECOND_CASHIER, DECLINED_AT))
                .expectNoEvents()
                .expectException(conflict("no-settlement-to-decline"));
        var settled = refundAwaitingConfirmation();
        settled.add(new ReturnSettled(RETURN, ORDER, CUSTOMER.id(), WAREHOUSE, SettlementMethod.REFUND,
                TWO_KETTLES_CREDITED, cny("398.00"), cny("59.70"), false, cny("338.30"), null, cny("338.30"),
                cny("0.00"), cny("0.00"), false, SECOND_CASHIER, CONFIRMED_AT, POLICY.version()));
        fixture.given(settled)
                .when(new DeclineSettlementCommand(RETURN, "no", SECOND_CASHIER, DECLINED_AT))
                .expectNoEvents()
                .expectException(conflict("already-settled"));
        var declined = refundAwaitingConfirmation();
        declined.add(declined(ReturnState.INSPECTED));
        fixture.given(declined)
                .when(new DeclineSettlementCommand(RETURN, "no", SECOND_CASHIER, DECLINED_AT))
                .expectNoEvents()
                .expectException(conflict("no-settlement-to-decline"));
        fixture.given(declined)
                .when(new ConfirmSettlementCommand(RETURN, SECOND_CASHIER, CONFIRMED_AT))
                .expectNoEvents()
                .expectException(conflict("no-settlement-to-confirm"));
    }

    @Test
    void afterADeclineFinanceProposesASettlementAgain() {
        var declined = refundAwaitingConfirmation();
        declined.add(declined(ReturnState.INSPECTED));
        fixture.given(declined)
                .when(new SettleReturnCommand(RETURN, SettlementMethod.STORE_CREDIT, null, null, null, CASHIER,
                        CONFIRMED_AT))
                .expectEvents(new SettlementProposed(RETURN, ORDER, CUSTOMER.id(), WAREHOUSE,
                        SettlementMethod.STORE_CREDIT, TWO_KETTLES_CREDITED, cny("398.00"), cny("59.70"), false,
                        cny("338.30"), null, cny("0.00"), cny("338.30"), cny("0.00"), false, cny("338.30"),
                        cny("300.00"), CASHIER, CONFIRMED_AT, POLICY.version()));
    }

    @Test
    void theRequesterCannotApproveTheirOwnRequest() {
        fixture.given(requested(kettles(2)))
                .when(new ApproveReturnCommand(RETURN, List.of(), null, null, CLERK, APPROVED_AT))
                .expectNoEvents()
                .expectException(invalid("requester-cannot-approve"));
    }

    @Test
    void aCommandExpectingAnOlderVersionIsRefusedWithNothingStored() {
        // given three events: the return is at version 2
        fixture.given(requested(kettles(2)), approved(line(1, 2)), issued(kettles(2)))
                .when(new SettleReturnCommand(RETURN, SettlementMethod.REFUND, null, null, null, CASHIER,
                        SETTLED_AT, 1L))
                .expectNoEvents()
                .expectException(ConflictingAggregateVersionException.class);
    }

    @Test
    void aCommandExpectingTheCurrentVersionIsApplied() {
        fixture.given(requested(kettles(2)))
                .when(new RejectReturnCommand(RETURN, "worn", REVIEWER, APPROVED_AT, 0L))
                .expectSuccessfulHandlerExecution();
        fixture.given(requested(kettles(2)))
                .when(new RejectReturnCommand(RETURN, "worn", REVIEWER, APPROVED_AT, 5L))
                .expectNoEvents()
                .expectException(ConflictingAggregateVersionException.class);
    }
}
