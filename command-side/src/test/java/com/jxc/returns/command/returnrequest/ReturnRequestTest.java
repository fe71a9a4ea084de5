package com.jxc.returns.command.returnrequest;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.returnrequest.ApproveReturnCommand;
import com.jxc.returns.api.returnrequest.CancelReturnCommand;
import com.jxc.returns.api.returnrequest.CreditedLine;
import com.jxc.returns.api.returnrequest.CustomerNotificationDelivered;
import com.jxc.returns.api.returnrequest.Discrepancy;
import com.jxc.returns.api.returnrequest.ExchangeShipment;
import com.jxc.returns.api.returnrequest.FeedbackChannel;
import com.jxc.returns.api.returnrequest.FeedbackGiven;
import com.jxc.returns.api.returnrequest.GiveFeedbackCommand;
import com.jxc.returns.api.returnrequest.InspectReturnCommand;
import com.jxc.returns.api.returnrequest.InspectReturnCommand.Disposition;
import com.jxc.returns.api.returnrequest.NotificationTopic;
import com.jxc.returns.api.returnrequest.ReceiveReturnCommand;
import com.jxc.returns.api.returnrequest.ReceiveReturnCommand.ReceiptLine;
import com.jxc.returns.api.returnrequest.ReceivedLine;
import com.jxc.returns.api.returnrequest.RecordNotificationDeliveredCommand;
import com.jxc.returns.api.returnrequest.RejectReturnCommand;
import com.jxc.returns.api.returnrequest.ReturnApproved;
import com.jxc.returns.api.returnrequest.ReturnCancelled;
import com.jxc.returns.api.returnrequest.ReturnExpired;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.ReturnRejected;
import com.jxc.returns.api.returnrequest.ReturnSettled;
import com.jxc.returns.api.returnrequest.SettleReturnCommand;
import com.jxc.returns.api.returnrequest.SettlementMethod;
import com.jxc.returns.api.returnpolicy.AutoApprovalPolicy;
import com.jxc.returns.command.returnpolicy.ReturnPolicies;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import static com.jxc.returns.command.Violations.conflict;
import static com.jxc.returns.command.Violations.invalid;
import static com.jxc.returns.command.returnrequest.ReturnTestData.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReturnRequestTest {

    private AggregateTestFixture<ReturnRequest> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ReturnRequest.class);
        fixture.registerInjectableResource(POLICIES);
        fixture.registerInjectableResource(NUMBERS);
    }

    private static ApproveReturnCommand approveAll() {
        return new ApproveReturnCommand(RETURN, List.of(), null, "looks fine", REVIEWER, APPROVED_AT);
    }

    private static ApproveReturnCommand approve(com.jxc.returns.api.salesorder.LineQuantity... lines) {
        return new ApproveReturnCommand(RETURN, List.of(lines), null, "looks fine", REVIEWER, APPROVED_AT);
    }

    private static ReceiveReturnCommand receive(ReceiptLine... lines) {
        return new ReceiveReturnCommand(RETURN, List.of(lines), STOREMAN, RECEIVED_AT);
    }

    private static ReceiptLine arrived(int lineNo, int quantity) {
        return new ReceiptLine(lineNo, Quantity.of(quantity), null, null);
    }

    private static InspectReturnCommand inspect(Disposition... lines) {
        return new InspectReturnCommand(RETURN, List.of(lines), STOREMAN, INSPECTED_AT);
    }

    private static Disposition disposition(int lineNo, int restocked, int scrapped, int repair, int toVendor,
                                           int refused) {
        return new Disposition(lineNo, Quantity.of(restocked), Quantity.of(scrapped), Quantity.of(repair),
                Quantity.of(toVendor), Quantity.of(refused));
    }

    private static SettleReturnCommand settle(SettlementMethod method) {
        return new SettleReturnCommand(RETURN, method, null, null, null, CASHIER, SETTLED_AT);
    }

    private static SettleReturnCommand exchange(Sku sku, Integer quantity, Money unitPrice) {
        return new SettleReturnCommand(RETURN, SettlementMethod.EXCHANGE, sku,
                quantity == null ? null : Quantity.of(quantity), unitPrice, CASHIER, SETTLED_AT);
    }

    /** Two kettles, approved and on their way back. */
    private static List<Object> twoKettlesAwaitingGoods() {
        return List.of(requested(kettles(2)), approved(line(1, 2)), issued(kettles(2)));
    }

    /** Two kettles received as authorised. */
    private static List<Object> twoKettlesReceived() {
        var events = new ArrayList<>(twoKettlesAwaitingGoods());
        events.add(received(receivedAsAuthorised(kettles(2))));
        return events;
    }

    /** Two kettles received, one restocked and one scrapped: both credited. */
    private static List<Object> twoKettlesInspected() {
        var events = new ArrayList<>(twoKettlesReceived());
        events.add(inspected(inspectedLine(1, KETTLE_SKU, 1, 1, 0, 0, 0)));
        return events;
    }

    /** Two kettles received and both refused at inspection: nothing to credit. */
    private static List<Object> twoKettlesAllRefused() {
        var events = new ArrayList<>(twoKettlesReceived());
        events.add(inspected(inspectedLine(1, KETTLE_SKU, 0, 0, 0, 0, 2)));
        return events;
    }

    private static final String ALL_REFUSED = "None of the returned goods were accepted at inspection: 2 units were"
            + " refused and will be sent back to you.";

    private static List<Object> oneMugToKeep() {
        return List.of(requested(mugs(1)), approved(line(2, 1)), issuedToKeep(mugs(1)));
    }

    private static final List<CreditedLine> TWO_KETTLES_CREDITED = List.of(new CreditedLine(1, KETTLE_SKU,
            "appliances", Quantity.of(2), cny("199.00"), cny("120.00")));

    @Nested
    class Review {

        @Test
        void canApproveAWholeRequest() {
            fixture.given(requested(kettles(2)))
                    .when(approveAll())
                    .expectEvents(
                            approved(line(1, 2)),
                            notice(NotificationTopic.APPROVED, null, "Your return request was approved.", APPROVED_AT),
                            issued(kettles(2)),
                            notice(NotificationTopic.RETURN_ORDER_ISSUED, NUMBER, shipBackInstructions(DEADLINE),
                                    APPROVED_AT))
                    .expectScheduledDeadlineWithName(DEADLINE, ReceiptDeadline.NAME)
                    .expectScheduledDeadline(DEADLINE, new ReceiptDeadline(DEADLINE));
        }

        @Test
        void canApprovePartOfARequest() {
            fixture.given(requested(kettles(2), mugs(3)))
                    .when(approve(line(1, 1), line(2, 0)))
                    .expectEvents(
                            approved(line(1, 1)),
                            notice(NotificationTopic.APPROVED, null, "Your return request was approved for 1 unit of the 5 you asked to return.", APPROVED_AT),
                            issued(kettles(1)),
                            notice(NotificationTopic.RETURN_ORDER_ISSUED, NUMBER, shipBackInstructions(DEADLINE),
                                    APPROVED_AT))
                    .expectScheduledDeadlineWithName(DEADLINE, ReceiptDeadline.NAME);
        }

        @Test
        void approvingGoodsWorthLessThanTheThresholdLetsTheCustomerKeepThem() {
            // two mugs: 19.80 < 20.00
            fixture.given(requested(kettles(1), mugs(2)))
                    .when(approve(line(2, 2)))
                    .expectEvents(
                            approved(line(2, 2)),
                            notice(NotificationTopic.APPROVED, null, "Your return request was approved for 2 units of the 3 you asked to return.", APPROVED_AT),
                            issuedToKeep(mugs(2)),
                            notice(NotificationTopic.RETURN_ORDER_ISSUED, NUMBER, KEEP_INSTRUCTIONS, APPROVED_AT))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void goodsWorthExactlyTheThresholdAreShippedBack() {
            // the threshold is strict: 20.00 is not below 20.00
            var cheap = new com.jxc.returns.api.returnrequest.ReturnLine(2, MUG_SKU, "kitchen", Quantity.of(2),
                    com.jxc.returns.api.returnrequest.ReportedCondition.OPENED, cny("10.00"), null);
            fixture.given(requested(cheap))
                    .when(approveAll())
                    .expectEvents(
                            approved(line(2, 2)),
                            notice(NotificationTopic.APPROVED, null, "Your return request was approved.", APPROVED_AT),
                            issued(cheap),
                            notice(NotificationTopic.RETURN_ORDER_ISSUED, NUMBER, shipBackInstructions(DEADLINE),
                                    APPROVED_AT))
                    .expectScheduledDeadlineWithName(DEADLINE, ReceiptDeadline.NAME);
        }

        @Test
        void cannotApproveOwnRequest() {
            fixture.given(requested(kettles(2)))
                    .when(new ApproveReturnCommand(RETURN, List.of(), null, null, CLERK, APPROVED_AT))
                    .expectException(invalid("requester-cannot-approve"))
                    .expectNoEvents()
                    .expectNoScheduledDeadlines();
        }

        @Test
        void cannotRejectOwnRequest() {
            fixture.given(requested(kettles(2)))
                    .when(new RejectReturnCommand(RETURN, "changed my mind", CLERK, APPROVED_AT))
                    .expectException(invalid("requester-cannot-reject"))
                    .expectNoEvents();
        }

        @Test
        void cannotApproveOutsideWindowWithoutOverride() {
            fixture.given(requested(ReturnReason.DISSATISFIED, LATE_REQUESTED_AT, false,
                            List.of(AutoApprovalPolicy.OUTSIDE_WINDOW, AutoApprovalPolicy.REASON_NEEDS_REVIEW),
                            kettles(1)))
                    .when(approveAll())
                    .expectException(invalid("outside-return-window"))
                    .expectExceptionMessage("the return window ended on 2026-03-03; approving needs an explicit "
                            + "override reason")
                    .expectNoEvents();
        }

        @Test
        void aBlankOverrideReasonIsNoOverride() {
            fixture.given(requested(ReturnReason.DISSATISFIED, LATE_REQUESTED_AT, false,
                            List.of(AutoApprovalPolicy.OUTSIDE_WINDOW), kettles(1)))
                    .when(new ApproveReturnCommand(RETURN, List.of(), "   ", null, REVIEWER, APPROVED_AT))
                    .expectException(invalid("outside-return-window"));
        }

        @Test
        void canApproveOutsideWindowWithOverride() {
            fixture.given(requested(ReturnReason.DISSATISFIED, LATE_REQUESTED_AT, false,
                            List.of(AutoApprovalPolicy.OUTSIDE_WINDOW), kettles(1)))
                    .when(new ApproveReturnCommand(RETURN, List.of(), "  loyal customer, goodwill  ", "ok", REVIEWER,
                            APPROVED_AT))
                    .expectEvents(
                            new ReturnApproved(RETURN, ORDER, List.of(line(1, 1)), false, REVIEWER, APPROVED_AT,
                                    POLICY.version(), "loyal customer, goodwill", "ok"),
                            notice(NotificationTopic.APPROVED, null, "Your return request was approved.", APPROVED_AT),
                            issued(kettles(1)),
                            notice(NotificationTopic.RETURN_ORDER_ISSUED, NUMBER, shipBackInstructions(DEADLINE),
                                    APPROVED_AT));
        }

        @Test
        void qualityDefectsHaveALongerWindow() {
            fixture.given(requested(ReturnReason.QUALITY_DEFECT, LATE_REQUESTED_AT, true,
                            List.of(AutoApprovalPolicy.ABOVE_THRESHOLD), kettles(3)))
                    .when(approveAll())
                    .expectSuccessfulHandlerExecution()
                    .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                            org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                    org.hamcrest.Matchers.instanceOf(ReturnApproved.class),
                                    org.hamcrest.Matchers.anything(), org.hamcrest.Matchers.anything(),
                                    org.hamcrest.Matchers.anything(),
                                    org.axonframework.test.matchers.Matchers.andNoMore())));
        }

        @Test
        void cannotApproveMoreThanRequested() {
            fixture.given(requested(kettles(2)))
                    .when(approve(line(1, 3)))
                    .expectException(invalid("approval-exceeds-request"))
                    .expectNoEvents();
        }

        @Test
        void cannotApproveALineThatWasNotRequested() {
            fixture.given(requested(kettles(2)))
                    .when(approve(line(2, 1)))
                    .expectException(invalid("unknown-return-line"))
                    .expectNoEvents();
        }

        @Test
        void cannotApproveALineTwice() {
            fixture.given(requested(kettles(2)))
                    .when(approve(line(1, 1), line(1, 1)))
                    .expectException(invalid("duplicate-line"))
                    .expectNoEvents();
        }

        @Test
        void cannotApproveNothing() {
            fixture.given(requested(kettles(2), mugs(1)))
                    .when(approve(line(1, 0), line(2, 0)))
                    .expectException(invalid("nothing-approved"))
                    .expectNoEvents();
        }

        @Test
        void cannotApproveTwice() {
            fixture.given(twoKettlesAwaitingGoods())
                    .when(approveAll())
                    .expectException(conflict("return-not-awaiting-review"))
                    .expectNoEvents();
        }

        @Test
        void cannotApproveARejectedRequest() {
            fixture.given(requested(kettles(2)),
                            new ReturnRejected(RETURN, ORDER, "used", REVIEWER, APPROVED_AT, POLICY.version()))
                    .when(approveAll())
                    .expectException(conflict("return-not-awaiting-review"));
        }

        @Test
        void canRejectWithAReason() {
            fixture.given(requested(kettles(2)))
                    .when(new RejectReturnCommand(RETURN, "  goods show heavy use  ", REVIEWER, APPROVED_AT))
                    .expectEvents(
                            new ReturnRejected(RETURN, ORDER, "goods show heavy use", REVIEWER, APPROVED_AT,
                                    POLICY.version()),
                            notice(NotificationTopic.REJECTED, null,
                                    "Your return request was rejected: goods show heavy use", APPROVED_AT))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void cannotRejectWithoutAReason() {
            fixture.given(requested(kettles(2)))
                    .when(new RejectReturnCommand(RETURN, " ", REVIEWER, APPROVED_AT))
                    .expectException(invalid("rejection-needs-reason"))
                    .expectNoEvents();
            fixture.given(requested(kettles(2)))
                    .when(new RejectReturnCommand(RETURN, null, REVIEWER, APPROVED_AT))
                    .expectException(invalid("rejection-needs-reason"));
        }

        @Test
        void cannotRejectAnApprovedReturn() {
            fixture.given(twoKettlesAwaitingGoods())
                    .when(new RejectReturnCommand(RETURN, "changed my mind", REVIEWER, APPROVED_AT))
                    .expectException(conflict("return-not-awaiting-review"))
                    .expectNoEvents();
        }

        @Test
        void approvalRecordsThePolicyInForceWhenApproving() {
            var newer = new com.jxc.returns.api.returnpolicy.PolicyVersion(4, TERMS);
            fixture = new AggregateTestFixture<>(ReturnRequest.class);
            fixture.registerInjectableResource((ReturnPolicies) () -> newer);
            fixture.registerInjectableResource(NUMBERS);

            fixture.given(requested(kettles(2)))
                    .when(approveAll())
                    .expectEvents(
                            new ReturnApproved(RETURN, ORDER, List.of(line(1, 2)), false, REVIEWER, APPROVED_AT, 4,
                                    null, "looks fine"),
                            notice(NotificationTopic.APPROVED, null, "Your return request was approved.", APPROVED_AT),
                            new com.jxc.returns.api.returnrequest.ReturnOrderIssued(RETURN, NUMBER, List.of(kettles(2)),
                                    shipBackInstructions(DEADLINE), DEADLINE, false, APPROVED_AT, 4),
                            notice(NotificationTopic.RETURN_ORDER_ISSUED, NUMBER, shipBackInstructions(DEADLINE),
                                    APPROVED_AT));
        }
    }

    @Nested
    class Cancellation {

        @Test
        void canCancelBeforeReview() {
            fixture.given(requested(kettles(2)))
                    .when(new CancelReturnCommand(RETURN, "  ", CLERK, APPROVED_AT))
                    .expectEvents(
                            new ReturnCancelled(RETURN, ORDER, null, CLERK, APPROVED_AT),
                            notice(NotificationTopic.CANCELLED, null, "Your return was cancelled.", APPROVED_AT));
        }

        @Test
        void canCancelAnApprovedReturnAndItsReceiptDeadline() {
            Instant cancelledAt = APPROVED_AT.plus(Duration.ofDays(1));
            fixture.givenCurrentTime(APPROVED_AT)
                    .andGiven(requested(kettles(2)))
                    .andGivenCommands(approveAll())
                    .when(new CancelReturnCommand(RETURN, "customer found a use for it", CLERK, cancelledAt))
                    .expectEvents(
                            new ReturnCancelled(RETURN, ORDER, "customer found a use for it", CLERK, cancelledAt),
                            notice(NotificationTopic.CANCELLED, NUMBER, "Your return was cancelled.", cancelledAt))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void cannotCancelAfterReceipt() {
            fixture.given(twoKettlesReceived())
                    .when(new CancelReturnCommand(RETURN, "too late", CLERK, SETTLED_AT))
                    .expectException(conflict("return-not-cancellable"))
                    .expectNoEvents();
        }

        @Test
        void cannotCancelTwice() {
            fixture.given(requested(kettles(2)), new ReturnCancelled(RETURN, ORDER, null, CLERK, APPROVED_AT))
                    .when(new CancelReturnCommand(RETURN, null, CLERK, APPROVED_AT))
                    .expectException(conflict("return-not-cancellable"));
        }

        @Test
        void cannotCancelARejectedReturn() {
            fixture.given(requested(kettles(2)),
                            new ReturnRejected(RETURN, ORDER, "used", REVIEWER, APPROVED_AT, POLICY.version()))
                    .when(new CancelReturnCommand(RETURN, null, CLERK, APPROVED_AT))
                    .expectException(conflict("return-not-cancellable"));
        }
    }

    @Nested
    class ReceiptDeadlineExpiry {

        @Test
        void approvedReturnExpiresWhenGoodsNeverArrive() {
            fixture.givenCurrentTime(APPROVED_AT)
                    .andGiven(requested(kettles(2)))
                    .andGivenCommands(approveAll())
                    .whenThenTimeAdvancesTo(DEADLINE)
                    .expectTriggeredDeadlinesWithName(ReceiptDeadline.NAME)
                    .expectEvents(
                            new ReturnExpired(RETURN, ORDER, DEADLINE, DEADLINE),
                            notice(NotificationTopic.EXPIRED, NUMBER, "Return order " + NUMBER
                                    + " expired: the goods did not arrive in time.", DEADLINE));
        }

        @Test
        void notExpiredBeforeTheDeadline() {
            fixture.givenCurrentTime(APPROVED_AT)
                    .andGiven(requested(kettles(2)))
                    .andGivenCommands(approveAll())
                    .whenThenTimeAdvancesTo(DEADLINE.minusSeconds(1))
                    .expectNoEvents()
                    .expectScheduledDeadlineWithName(DEADLINE, ReceiptDeadline.NAME);
        }

        @Test
        void receivedReturnDoesNotExpire() {
            fixture.givenCurrentTime(APPROVED_AT)
                    .andGiven(requested(kettles(2)))
                    .andGivenCommands(approveAll(), receive(arrived(1, 2)))
                    .whenThenTimeElapses(Duration.ofDays(30))
                    .expectTriggeredDeadlines()
                    .expectNoEvents();
        }

        @Test
        void cancelledReturnDoesNotExpire() {
            fixture.givenCurrentTime(APPROVED_AT)
                    .andGiven(requested(kettles(2)))
                    .andGivenCommands(approveAll(), new CancelReturnCommand(RETURN, null, CLERK, APPROVED_AT))
                    .whenThenTimeElapses(Duration.ofDays(30))
                    .expectTriggeredDeadlines()
                    .expectNoEvents();
        }

        @Test
        void goodsTheCustomerKeepsNeverExpire() {
            fixture.givenCurrentTime(APPROVED_AT)
                    .andGiven(requested(mugs(1)))
                    .andGivenCommands(approveAll())
                    .whenThenTimeElapses(Duration.ofDays(365))
                    .expectTriggeredDeadlines()
                    .expectNoEvents();
        }

        @Test
        void aLateDeadlineForAReturnNoLongerAwaitingGoodsChangesNothing() {
            // a deadline that was due while the goods were being received fires after receipt: ignored
            fixture.given(twoKettlesReceived())
                    .whenInvoking(RETURN.value(), request -> request.on(new ReceiptDeadline(DEADLINE)))
                    .expectNoEvents();
        }

        @Test
        void anExpiredReturnCannotBeReceived() {
            var events = new ArrayList<>(twoKettlesAwaitingGoods());
            events.add(new ReturnExpired(RETURN, ORDER, DEADLINE, DEADLINE));
            fixture.given(events)
                    .when(receive(arrived(1, 2)))
                    .expectException(conflict("return-not-awaiting-goods"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Receipt {

        @Test
        void canReceiveWhatWasAuthorised() {
            fixture.givenCurrentTime(APPROVED_AT)
                    .andGiven(requested(kettles(2)))
                    .andGivenCommands(approveAll())
                    .when(new ReceiveReturnCommand(RETURN, List.of(new ReceiptLine(1, Quantity.of(2), null, "  ")),
                            STOREMAN, RECEIVED_AT))
                    .expectEvents(
                            received(receivedAsAuthorised(kettles(2))),
                            notice(NotificationTopic.RECEIVED, NUMBER,
                                    "We received the goods of return order " + NUMBER + ".", RECEIVED_AT))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void receiptRecordsShortOverAndWrongItem() {
            fixture.given(requested(kettles(2), mugs(2), teapots(1)), approved(line(1, 2), line(2, 2), line(3, 1)),
                            issued(kettles(2), mugs(2), teapots(1)))
                    .when(receive(arrived(1, 1), arrived(2, 3),
                            new ReceiptLine(3, Quantity.of(1), VASE_SKU, "a vase, not a teapot")))
                    .expectEvents(
                            received(
                                    new ReceivedLine(1, KETTLE_SKU, KETTLE_SKU, Quantity.of(2), Quantity.of(1),
                                            Discrepancy.SHORT, null),
                                    new ReceivedLine(2, MUG_SKU, MUG_SKU, Quantity.of(2), Quantity.of(3),
                                            Discrepancy.OVER, null),
                                    new ReceivedLine(3, TEAPOT_SKU, VASE_SKU, Quantity.of(1), Quantity.of(1),
                                            Discrepancy.WRONG_SKU, "a vase, not a teapot")),
                            notice(NotificationTopic.RECEIVED, NUMBER,
                                    "We received the goods of return order " + NUMBER + ".", RECEIVED_AT));
        }

        @Test
        void aLineNobodyReportedIsRecordedAsShortWithNothingArrived() {
            fixture.given(requested(kettles(2), teapots(1)), approved(line(1, 2), line(3, 1)),
                            issued(kettles(2), teapots(1)))
                    .when(receive(arrived(1, 2)))
                    .expectEvents(
                            received(receivedAsAuthorised(kettles(2)),
                                    new ReceivedLine(3, TEAPOT_SKU, TEAPOT_SKU, Quantity.of(1), Quantity.ZERO,
                                            Discrepancy.SHORT, null)),
                            notice(NotificationTopic.RECEIVED, NUMBER,
                                    "We received the goods of return order " + NUMBER + ".", RECEIVED_AT));
        }

        @Test
        void cannotReceiveBeforeApproval() {
            fixture.given(requested(kettles(2)))
                    .when(receive(arrived(1, 2)))
                    .expectException(conflict("return-not-awaiting-goods"))
                    .expectNoEvents();
        }

        @Test
        void cannotReceiveTwice() {
            fixture.given(twoKettlesReceived())
                    .when(receive(arrived(1, 2)))
                    .expectException(conflict("return-not-awaiting-goods"));
        }

        @Test
        void cannotReceiveGoodsTheCustomerKeeps() {
            fixture.given(oneMugToKeep())
                    .when(receive(arrived(2, 1)))
                    .expectException(conflict("keep-item-return"))
                    .expectNoEvents();
        }

        @Test
        void cannotReceiveALineThatIsNotOnTheReturnOrder() {
            // line 2 was requested but not approved
            fixture.given(requested(kettles(2), mugs(3)), approved(line(1, 2)), issued(kettles(2)))
                    .when(receive(arrived(1, 2), arrived(2, 3)))
                    .expectException(invalid("unknown-return-line"))
                    .expectNoEvents();
        }

        @Test
        void cannotReceiveALineTwice() {
            fixture.given(twoKettlesAwaitingGoods())
                    .when(receive(arrived(1, 1), arrived(1, 1)))
                    .expectException(invalid("duplicate-line"))
                    .expectNoEvents();
        }

        @Test
        void cannotReceiveNothing() {
            fixture.given(twoKettlesAwaitingGoods())
                    .when(receive(arrived(1, 0)))
                    .expectException(invalid("nothing-received"))
                    .expectNoEvents();
            fixture.given(twoKettlesAwaitingGoods())
                    .when(receive())
                    .expectException(invalid("nothing-received"));
        }
    }

    @Nested
    class Inspection {

        @Test
        void canInspectEveryReceivedUnit() {
            fixture.given(requested(kettles(3), teapots(2)), approved(line(1, 3), line(3, 2)),
                            issued(kettles(3), teapots(2)),
                            received(receivedAsAuthorised(kettles(3)),
                                    receivedLine(teapots(2), TEAPOT_SKU, 0)))
                    .when(inspect(disposition(1, 1, 1, 0, 0, 1)))
                    .expectEvents(inspected(inspectedLine(1, KETTLE_SKU, 1, 1, 0, 0, 1),
                            inspectedLine(3, TEAPOT_SKU, 0, 0, 0, 0, 0)));
        }

        @Test
        void everyDispositionIsAvailable() {
            fixture.given(requested(kettles(3)), approved(line(1, 3)), issued(kettles(3)),
                            received(new ReceivedLine(1, KETTLE_SKU, KETTLE_SKU, Quantity.of(3), Quantity.of(4),
                                    Discrepancy.OVER, null)))
                    .when(inspect(disposition(1, 0, 1, 1, 1, 1)))
                    .expectEvents(inspected(inspectedLine(1, KETTLE_SKU, 0, 1, 1, 1, 1)));
        }

        @Test
        void inspectionMustAccountForEveryReceivedUnit() {
            fixture.given(twoKettlesReceived())
                    .when(inspect(disposition(1, 1, 0, 0, 0, 0)))
                    .expectException(invalid("units-not-accounted"))
                    .expectExceptionMessage("line 1: 2 units arrived but 1 were inspected")
                    .expectNoEvents();
            fixture.given(twoKettlesReceived())
                    .when(inspect(disposition(1, 2, 0, 0, 0, 1)))
                    .expectException(invalid("units-not-accounted"));
            fixture.given(twoKettlesReceived())
                    .when(inspect())
                    .expectException(invalid("units-not-accounted"));
        }

        @Test
        void cannotCreditMoreUnitsThanWereAuthorised() {
            var overReceived = new ArrayList<>(twoKettlesAwaitingGoods());
            overReceived.add(received(receivedLine(kettles(2), KETTLE_SKU, 3)));

            fixture.given(overReceived)
                    .when(inspect(disposition(1, 3, 0, 0, 0, 0)))
                    .expectException(invalid("credit-exceeds-authorised"))
                    .expectNoEvents();
            fixture.given(overReceived)
                    .when(inspect(disposition(1, 2, 0, 0, 0, 1)))
                    .expectEvents(inspected(inspectedLine(1, KETTLE_SKU, 2, 0, 0, 0, 1)));
        }

        @Test
        void wrongItemCannotBeCredited() {
            var wrongItem = new ArrayList<>(twoKettlesAwaitingGoods());
            wrongItem.add(received(receivedLine(kettles(2), VASE_SKU, 2)));

            fixture.given(wrongItem)
                    .when(inspect(disposition(1, 0, 1, 0, 0, 1)))
                    .expectException(invalid("wrong-item-not-creditable"))
                    .expectNoEvents();
            fixture.given(wrongItem)
                    .when(inspect(disposition(1, 0, 0, 0, 0, 2)))
                    .expectEvents(inspected(inspectedLine(1, VASE_SKU, 0, 0, 0, 0, 2)));
        }

        @Test
        void cannotInspectBeforeReceipt() {
            fixture.given(twoKettlesAwaitingGoods())
                    .when(inspect(disposition(1, 2, 0, 0, 0, 0)))
                    .expectException(conflict("return-not-awaiting-inspection"))
                    .expectNoEvents();
        }

        @Test
        void cannotInspectTwice() {
            fixture.given(twoKettlesInspected())
                    .when(inspect(disposition(1, 2, 0, 0, 0, 0)))
                    .expectException(conflict("return-not-awaiting-inspection"));
        }

        @Test
        void cannotInspectALineThatWasNotReceived() {
            fixture.given(twoKettlesReceived())
                    .when(inspect(disposition(1, 2, 0, 0, 0, 0), disposition(2, 1, 0, 0, 0, 0)))
                    .expectException(invalid("unknown-return-line"))
                    .expectNoEvents();
        }

        @Test
        void cannotInspectALineTwice() {
            fixture.given(twoKettlesReceived())
                    .when(inspect(disposition(1, 1, 0, 0, 0, 0), disposition(1, 1, 0, 0, 0, 0)))
                    .expectException(invalid("duplicate-line"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Settlement {

        private ReturnSettled settled(SettlementMethod method, List<CreditedLine> credited, String goods, String fee,
                                      boolean waived, String credit, ExchangeShipment exchange, String refunded,
                                      String storeCredit, String due, boolean keepItem) {
            return new ReturnSettled(RETURN, ORDER, CUSTOMER.id(), WAREHOUSE, method, credited, cny(goods), cny(fee),
                    waived, cny(credit), exchange, cny(refunded), cny(storeCredit), cny(due), keepItem, CASHIER,
                    SETTLED_AT, POLICY.version());
        }

        @Test
        void canRefundCreditedUnitsLessRestockingFee() {
            fixture.given(twoKettlesInspected())
                    .when(settle(SettlementMethod.REFUND))
                    .expectEvents(
                            settled(SettlementMethod.REFUND, TWO_KETTLES_CREDITED, "398.00", "59.70", false, "338.30",
                                    null, "338.30", "0.00", "0.00", false),
                            notice(NotificationTopic.SETTLED, NUMBER,
                                    "Your refund of 338.30 CNY (398.00 CNY less a restocking fee of 59.70 CNY) is on its way"
                                            + " to your original payment.", SETTLED_AT));
        }

        @Test
        void refusedUnitsAreNotCredited() {
            fixture.given(requested(kettles(2), mugs(3)), approved(line(1, 2), line(2, 3)),
                            issued(kettles(2), mugs(3)),
                            received(receivedAsAuthorised(kettles(2)), receivedAsAuthorised(mugs(3))),
                            inspected(inspectedLine(1, KETTLE_SKU, 1, 0, 0, 0, 1),
                                    inspectedLine(2, MUG_SKU, 0, 0, 0, 0, 3)))
                    .when(settle(SettlementMethod.STORE_CREDIT))
                    .expectEvents(
                            settled(SettlementMethod.STORE_CREDIT, List.of(new CreditedLine(1, KETTLE_SKU,
                                            "appliances", Quantity.of(1), cny("199.00"), cny("120.00"))),
                                    "199.00", "29.85", false, "169.15", null, "0.00", "169.15", "0.00", false),
                            notice(NotificationTopic.SETTLED, NUMBER,
                                    "4 of the 5 units you returned were refused at inspection and will be sent back to you."
                                            + " Store credit of 169.15 CNY (199.00 CNY less a restocking fee of 29.85 CNY)"
                                            + " was added to your account.", SETTLED_AT));
        }

        @Test
        void aRefundOfGoodsAllRefusedAtInspectionTellsTheCustomerNothingIsRefunded() {
            fixture.given(twoKettlesAllRefused())
                    .when(settle(SettlementMethod.REFUND))
                    .expectEvents(
                            settled(SettlementMethod.REFUND, List.of(), "0.00", "0.00", false, "0.00", null, "0.00",
                                    "0.00", "0.00", false),
                            notice(NotificationTopic.SETTLED, NUMBER, ALL_REFUSED + " Nothing is refunded.",
                                    SETTLED_AT));
        }

        @Test
        void storeCreditForGoodsAllRefusedAtInspectionTellsTheCustomerNoCreditIsAdded() {
            fixture.given(twoKettlesAllRefused())
                    .when(settle(SettlementMethod.STORE_CREDIT))
                    .expectEvents(
                            settled(SettlementMethod.STORE_CREDIT, List.of(), "0.00", "0.00", false, "0.00", null,
                                    "0.00", "0.00", "0.00", false),
                            notice(NotificationTopic.SETTLED, NUMBER, ALL_REFUSED + " No store credit is added.",
                                    SETTLED_AT));
        }

        @Test
        void anExchangeForGoodsAllRefusedAtInspectionSaysNothingWasCreditedAndWhatIsDue() {
            var shipment = new ExchangeShipment(KETTLE_SKU, Quantity.of(1), cny("199.00"));
            fixture.given(twoKettlesAllRefused())
                    .when(exchange(KETTLE_SKU, 1, cny("199.00")))
                    .expectEvents(
                            settled(SettlementMethod.EXCHANGE, List.of(), "0.00", "0.00", false, "0.00", shipment,
                                    "0.00", "0.00", "199.00", false),
                            notice(NotificationTopic.SETTLED, NUMBER, ALL_REFUSED + " Your replacement (1 unit of"
                                    + " SKU-KETTLE) is being shipped; nothing was credited for returned goods;"
                                    + " 199.00 CNY is due.", SETTLED_AT));
        }

        @Test
        void aRefundForGoodsTheCustomerKeepsNamesTheAmountAndTheFee() {
            fixture.given(oneMugToKeep())
                    .when(new SettleReturnCommand(RETURN, SettlementMethod.REFUND, null, null, null, CASHIER,
                            SETTLED_AT))
                    .expectEvents(
                            settled(SettlementMethod.REFUND, List.of(new CreditedLine(2, MUG_SKU, "kitchen",
                                            Quantity.of(1), cny("9.90"), null)),
                                    "9.90", "1.48", false, "8.42", null, "8.42", "0.00", "0.00", true),
                            notice(NotificationTopic.SETTLED, NUMBER, "Your refund of 8.42 CNY (9.90 CNY less a"
                                    + " restocking fee of 1.48 CNY) is on its way to your original payment.",
                                    SETTLED_AT));
        }

        @Test
        void sellerFaultWaivesTheRestockingFee() {
            fixture.given(requested(ReturnReason.TRANSIT_DAMAGE, REQUESTED_AT, true,
                                    List.of(AutoApprovalPolicy.ABOVE_THRESHOLD), kettles(2)),
                            approved(line(1, 2)), issued(kettles(2)), received(receivedAsAuthorised(kettles(2))),
                            inspected(inspectedLine(1, KETTLE_SKU, 0, 2, 0, 0, 0)))
                    .when(settle(SettlementMethod.REFUND))
                    .expectEvents(
                            settled(SettlementMethod.REFUND, TWO_KETTLES_CREDITED, "398.00", "0.00", true, "398.00",
                                    null, "398.00", "0.00", "0.00", false),
                            notice(NotificationTopic.SETTLED, NUMBER,
                                    "Your refund of 398.00 CNY is on its way to your original payment.", SETTLED_AT));
        }

        @Test
        void exchangeDefaultsToTheReturnedSkuQuantityAndPrice() {
            var shipment = new ExchangeShipment(KETTLE_SKU, Quantity.of(2), cny("199.00"));
            fixture.given(twoKettlesInspected())
                    .when(settle(SettlementMethod.EXCHANGE))
                    .expectEvents(
                            settled(SettlementMethod.EXCHANGE, TWO_KETTLES_CREDITED, "398.00", "59.70", false,
                                    "338.30", shipment, "0.00", "0.00", "59.70", false),
                            notice(NotificationTopic.SETTLED, NUMBER,
                                    "Your replacement (2 units of SKU-KETTLE) is being shipped; your returned goods count"
                                            + " for 338.30 CNY after a restocking fee of 59.70 CNY; 59.70 CNY is due.", SETTLED_AT));
        }

        @Test
        void exchangeToDearerSkuLeavesAmountDue() {
            var shipment = new ExchangeShipment(new Sku("SKU-KETTLE-PRO"), Quantity.of(1), cny("499.00"));
            fixture.given(twoKettlesInspected())
                    .when(exchange(shipment.sku(), 1, shipment.unitPrice()))
                    .expectEvents(
                            settled(SettlementMethod.EXCHANGE, TWO_KETTLES_CREDITED, "398.00", "59.70", false,
                                    "338.30", shipment, "0.00", "0.00", "160.70", false),
                            notice(NotificationTopic.SETTLED, NUMBER,
                                    "Your replacement (1 unit of SKU-KETTLE-PRO) is being shipped; your returned goods count"
                                            + " for 338.30 CNY after a restocking fee of 59.70 CNY; 160.70 CNY is due.", SETTLED_AT));
        }

        @Test
        void exchangeToCheaperSkuRefundsTheDifference() {
            var shipment = new ExchangeShipment(new Sku("SKU-KETTLE-MINI"), Quantity.of(2), cny("99.00"));
            fixture.given(twoKettlesInspected())
                    .when(exchange(shipment.sku(), 2, shipment.unitPrice()))
                    .expectEvents(
                            settled(SettlementMethod.EXCHANGE, TWO_KETTLES_CREDITED, "398.00", "59.70", false,
                                    "338.30", shipment, "140.30", "0.00", "0.00", false),
                            notice(NotificationTopic.SETTLED, NUMBER,
                                    "Your replacement (2 units of SKU-KETTLE-MINI) is being shipped; your returned goods"
                                            + " count for 338.30 CNY after a restocking fee of 59.70 CNY; 140.30 CNY is refunded.", SETTLED_AT));
        }

        @Test
        void exchangeOfSeveralCreditedLinesNeedsTheSkuToShip() {
            fixture.given(requested(kettles(1), teapots(1)), approved(line(1, 1), line(3, 1)),
                            issued(kettles(1), teapots(1)),
                            received(receivedAsAuthorised(kettles(1)), receivedAsAuthorised(teapots(1))),
                            inspected(inspectedLine(1, KETTLE_SKU, 1, 0, 0, 0, 0),
                                    inspectedLine(3, TEAPOT_SKU, 1, 0, 0, 0, 0)))
                    .when(settle(SettlementMethod.EXCHANGE))
                    .expectException(invalid("exchange-sku-required"))
                    .expectNoEvents();
        }

        @Test
        void exchangeToAnotherSkuNeedsAQuantity() {
            fixture.given(twoKettlesInspected())
                    .when(exchange(new Sku("SKU-KETTLE-PRO"), null, cny("499.00")))
                    .expectException(invalid("exchange-quantity-required"))
                    .expectNoEvents();
        }

        @Test
        void exchangeShipsAtLeastOneUnit() {
            fixture.given(twoKettlesInspected())
                    .when(exchange(KETTLE_SKU, 0, null))
                    .expectException(invalid("exchange-quantity-required"))
                    .expectNoEvents();
        }

        @Test
        void exchangeToAnotherSkuNeedsItsPrice() {
            fixture.given(twoKettlesInspected())
                    .when(exchange(new Sku("SKU-KETTLE-PRO"), 1, null))
                    .expectException(invalid("exchange-price-required"))
                    .expectNoEvents();
        }

        @Test
        void exchangePriceMustBeANonNegativeAmountInTheOrderCurrency() {
            fixture.given(twoKettlesInspected())
                    .when(exchange(KETTLE_SKU, 1, Money.of("30.00", Currency.getInstance("USD"))))
                    .expectException(invalid("exchange-price-invalid"))
                    .expectNoEvents();
            fixture.given(twoKettlesInspected())
                    .when(exchange(KETTLE_SKU, 1, cny("-1.00")))
                    .expectException(invalid("exchange-price-invalid"));
        }

        @Test
        void keepItemReturnSettlesWithoutReceipt() {
            // 15 % of 9.90 = 1.485 -> 1.48 (half-even)
            fixture.given(oneMugToKeep())
                    .when(settle(SettlementMethod.STORE_CREDIT))
                    .expectEvents(
                            settled(SettlementMethod.STORE_CREDIT, List.of(new CreditedLine(2, MUG_SKU, "kitchen",
                                            Quantity.of(1), cny("9.90"), null)),
                                    "9.90", "1.48", false, "8.42", null, "0.00", "8.42", "0.00", true),
                            notice(NotificationTopic.SETTLED, NUMBER,
                                    "Store credit of 8.42 CNY (9.90 CNY less a restocking fee of 1.48 CNY) was added to"
                                            + " your account.", SETTLED_AT));
        }

        @Test
        void cannotSettleTwice() {
            fixture.given(twoKettlesInspected())
                    .andGivenCommands(settle(SettlementMethod.REFUND))
                    .when(settle(SettlementMethod.REFUND))
                    .expectException(conflict("already-settled"))
                    .expectNoEvents();
        }

        @Test
        void cannotSettleAKeptItemTwice() {
            fixture.given(oneMugToKeep())
                    .andGivenCommands(settle(SettlementMethod.REFUND))
                    .when(settle(SettlementMethod.STORE_CREDIT))
                    .expectException(conflict("already-settled"));
        }

        @Test
        void cannotSettleBeforeInspection() {
            fixture.given(twoKettlesReceived())
                    .when(settle(SettlementMethod.REFUND))
                    .expectException(conflict("return-not-ready-for-settlement"))
                    .expectNoEvents();
        }

        @Test
        void cannotSettleGoodsStillOnTheirWay() {
            fixture.given(twoKettlesAwaitingGoods())
                    .when(settle(SettlementMethod.REFUND))
                    .expectException(conflict("return-not-ready-for-settlement"));
        }

        @Test
        void cannotSettleAnUnreviewedOrRejectedReturn() {
            fixture.given(requested(kettles(2)))
                    .when(settle(SettlementMethod.REFUND))
                    .expectException(conflict("return-not-ready-for-settlement"));
            fixture.given(requested(kettles(2)),
                            new ReturnRejected(RETURN, ORDER, "used", REVIEWER, APPROVED_AT, POLICY.version()))
                    .when(settle(SettlementMethod.REFUND))
                    .expectException(conflict("return-not-ready-for-settlement"));
        }
    }

    @Nested
    class NotificationDelivery {

        private static final Instant DELIVERED_AT = Instant.parse("2026-02-06T02:00:03Z");
        private static final String APPROVED_NOTICE = RETURN.value() + ":approved";

        /** Two kettles approved: events 0-4, the customer told twice (approved, return order issued). */
        private List<Object> approvedAndNotified() {
            return List.of(requested(kettles(2)), approved(line(1, 2)),
                    notice(NotificationTopic.APPROVED, null, "Your return request was approved.", APPROVED_AT),
                    issued(kettles(2)),
                    notice(NotificationTopic.RETURN_ORDER_ISSUED, NUMBER, shipBackInstructions(DEADLINE),
                            APPROVED_AT));
        }

        @Test
        void canRecordThatTheWebhookAcceptedANotification() {
            fixture.given(approvedAndNotified())
                    .when(new RecordNotificationDeliveredCommand(RETURN, APPROVED_NOTICE, DELIVERED_AT, 2))
                    .expectEvents(new CustomerNotificationDelivered(RETURN, APPROVED_NOTICE, DELIVERED_AT, 2));
        }

        @Test
        void recordingADeliveryAgainChangesNothing() {
            fixture.given(approvedAndNotified())
                    .andGiven(new CustomerNotificationDelivered(RETURN, APPROVED_NOTICE, DELIVERED_AT, 1))
                    .when(new RecordNotificationDeliveredCommand(RETURN, APPROVED_NOTICE, DELIVERED_AT.plusSeconds(5),
                            1))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void cannotRecordTheDeliveryOfANotificationNeverRequested() {
            fixture.given(requested(kettles(2)))
                    .when(new RecordNotificationDeliveredCommand(RETURN, APPROVED_NOTICE, DELIVERED_AT, 1))
                    .expectException(invalid("unknown-notification"))
                    .expectNoEvents();
        }

        @Test
        void aDeliveryRecordedAfterTheClientLookedIsNoConflictButAnyOtherEventIs() {
            // the client decided on version 4; a delivery was recorded as version 5 meanwhile
            fixture.given(approvedAndNotified())
                    .andGiven(new CustomerNotificationDelivered(RETURN, APPROVED_NOTICE, DELIVERED_AT, 1))
                    .when(new CancelReturnCommand(RETURN, "changed my mind", CLERK, RECEIVED_AT, 4L))
                    .expectSuccessfulHandlerExecution();
            fixture.given(approvedAndNotified())
                    .when(new CancelReturnCommand(RETURN, "changed my mind", CLERK, RECEIVED_AT, 3L))
                    .expectNoEvents()
                    .expectException(org.axonframework.modelling.command.ConflictingAggregateVersionException.class);
        }
    }

    @Nested
    class Feedback {

        private static final Instant GIVEN_AT = Instant.parse("2026-02-20T08:00:00Z");

        @Test
        void canGiveFeedbackAfterSettlement() {
            fixture.given(twoKettlesInspected())
                    .andGivenCommands(settle(SettlementMethod.REFUND))
                    .when(new GiveFeedbackCommand(RETURN, 4, null, CLERK, GIVEN_AT))
                    .expectEvents(new FeedbackGiven(RETURN, 4, "", CLERK, GIVEN_AT, FeedbackChannel.NOT_RECORDED));
        }

        @Test
        void feedbackOnlyOnceAfterSettlement() {
            fixture.given(twoKettlesInspected())
                    .andGivenCommands(settle(SettlementMethod.REFUND),
                            new GiveFeedbackCommand(RETURN, 5, "quick refund", CLERK, GIVEN_AT))
                    .when(new GiveFeedbackCommand(RETURN, 1, "changed my mind", CLERK, GIVEN_AT.plusSeconds(60)))
                    .expectException(conflict("feedback-already-given"))
                    .expectNoEvents();
        }

        @Test
        void cannotGiveFeedbackBeforeSettlement() {
            fixture.given(twoKettlesInspected())
                    .when(new GiveFeedbackCommand(RETURN, 5, "fine", CLERK, GIVEN_AT))
                    .expectException(conflict("return-not-settled"))
                    .expectNoEvents();
        }

        @Test
        void ratingIsOneToFive() {
            assertThatThrownBy(() -> new GiveFeedbackCommand(RETURN, 0, null, CLERK, GIVEN_AT))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new GiveFeedbackCommand(RETURN, 6, null, CLERK, GIVEN_AT))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new GiveFeedbackCommand(RETURN, 3, "x".repeat(2001), CLERK, GIVEN_AT))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
