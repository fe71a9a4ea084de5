package com.jxc.returns.command.returnrequest;

import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.returnpolicy.AutoApprovalPolicy;
import com.jxc.returns.api.returnpolicy.AutoApprovalRules;
import com.jxc.returns.api.returnpolicy.PolicyVersion;
import com.jxc.returns.api.returnrequest.Channel;
import com.jxc.returns.api.returnrequest.NotificationTopic;
import com.jxc.returns.api.returnrequest.ReportedCondition;
import com.jxc.returns.api.returnrequest.RequestedLine;
import com.jxc.returns.api.returnrequest.Resolution;
import com.jxc.returns.api.returnrequest.ReturnApproved;
import com.jxc.returns.api.returnrequest.ReturnLine;
import com.jxc.returns.api.returnrequest.ReturnOrderIssued;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.ReturnRequested;
import com.jxc.returns.api.returnrequest.ReviewAssessment;
import com.jxc.returns.api.returnrequest.SubmitReturnCommand;
import com.jxc.returns.api.salesorder.ReturnQuantityReserved;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.command.returnpolicy.ReturnPolicies;
import com.jxc.returns.command.salesorder.SalesOrder;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.hamcrest.CustomTypeSafeMatcher;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.jxc.returns.command.Violations.conflict;
import static com.jxc.returns.command.Violations.invalid;
import static com.jxc.returns.command.returnrequest.ReturnTestData.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Submitting a return reserves units on the order and creates the return in one unit of work. The order lives in
 * an in-memory event store of its own; the return is the fixture's aggregate.
 */
class ReturnSubmissionTest {

    private static final Instant AUTO_DEADLINE = REQUESTED_AT.plus(Duration.ofDays(14));
    private static final String AUTO_COMMENT = "approved automatically under policy version 3";

    private AggregateTestFixture<ReturnRequest> fixture;
    private EmbeddedEventStore orderStore;
    private PolicyVersion policy;

    @BeforeEach
    void setUp() {
        orderStore = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        orderStore.publish(new GenericDomainEventMessage<>("SalesOrder", ORDER.value(), 0, ORDER_RECORDED));
        var orders = EventSourcingRepository.builder(SalesOrder.class).eventStore(orderStore).build();

        policy = POLICY;
        fixture = new AggregateTestFixture<>(ReturnRequest.class);
        fixture.registerInjectableResource((ReturnPolicies) () -> policy);
        fixture.registerInjectableResource(NUMBERS);
        fixture.registerAnnotatedCommandHandler(new ReturnSubmission(orders, fixture.getRepository()));
    }

    @AfterEach
    void tearDown() {
        orderStore.shutDown();
    }

    private static SubmitReturnCommand submit(ReturnReason reason, Instant at, RequestedLine... lines) {
        return new SubmitReturnCommand(RETURN, ORDER, List.of(lines), reason, "not as described",
                Channel.ONLINE_FORM, Resolution.REFUND, CLERK, at);
    }

    private static RequestedLine asking(int lineNo, int quantity) {
        return new RequestedLine(lineNo, Quantity.of(quantity), ReportedCondition.OPENED);
    }

    private List<Object> orderEvents() {
        return orderStore.readEvents(ORDER.value()).asStream().map(DomainEventMessage::getPayload)
                .map(Object.class::cast).toList();
    }

    private static ReturnRequested autoApprovedRequest(ReturnReason reason, ReturnLine... lines) {
        return requested(reason, REQUESTED_AT, true, List.of(), lines);
    }

    private static ReturnApproved autoApproval(com.jxc.returns.api.salesorder.LineQuantity... lines) {
        return new ReturnApproved(RETURN, ORDER, List.of(lines), true, ReturnRequest.AUTO_APPROVAL, REQUESTED_AT,
                POLICY.version(), null, AUTO_COMMENT);
    }

    @Test
    void returnThatNeedsReviewIsOnlyRequested() {
        fixture.givenNoPriorActivity()
                .when(submit(ReturnReason.DISSATISFIED, REQUESTED_AT, asking(1, 2)))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(RETURN.value())
                .expectEvents(requested(kettles(2)))
                .expectNoScheduledDeadlines();

        assertThat(orderEvents()).containsExactly(ORDER_RECORDED,
                new ReturnQuantityReserved(ORDER, RETURN, List.of(line(1, 2))));
    }

    @Test
    void smallDefectReturnIsApprovedAutomatically() {
        String instructions = "Return order " + NUMBER + ": pack the goods with this number on the parcel and send "
                + "them to us by " + AUTO_DEADLINE + ".";
        fixture.givenNoPriorActivity()
                .when(submit(ReturnReason.QUALITY_DEFECT, REQUESTED_AT, asking(1, 2)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        autoApprovedRequest(ReturnReason.QUALITY_DEFECT, kettles(2)),
                        autoApproval(line(1, 2)),
                        notice(NotificationTopic.APPROVED, null, "Your return request was approved.", REQUESTED_AT),
                        new ReturnOrderIssued(RETURN, NUMBER, List.of(kettles(2)), instructions, AUTO_DEADLINE,
                                false, REQUESTED_AT, POLICY.version()),
                        notice(NotificationTopic.RETURN_ORDER_ISSUED, NUMBER, instructions, REQUESTED_AT))
                .expectScheduledDeadlineWithName(AUTO_DEADLINE, ReceiptDeadline.NAME);

        assertThat(orderEvents()).containsExactly(ORDER_RECORDED,
                new ReturnQuantityReserved(ORDER, RETURN, List.of(line(1, 2))));
    }

    @Test
    void theSystemNotTheRequesterIsTheActorOfAnAutomaticApproval() {
        fixture.givenNoPriorActivity()
                .when(submit(ReturnReason.QUALITY_DEFECT, REQUESTED_AT, asking(1, 2)),
                        MetaData.with("userId", CLERK.value()).and("userRole", "CUSTOMER_SERVICE"))
                .expectEventsMatching(new CustomTypeSafeMatcher<List<? super EventMessage<?>>>(
                        "the request by its clerk, every later event by system:auto-approval") {
                    @Override
                    protected boolean matchesSafely(List<? super EventMessage<?>> events) {
                        return events.size() == 5 && !isAutoApproval(events.get(0))
                                && events.subList(1, 5).stream().allMatch(ReturnSubmissionTest::isAutoApproval);
                    }
                });
    }

    private static boolean isAutoApproval(Object message) {
        return message instanceof EventMessage<?> event
                && "system:auto-approval".equals(event.getMetaData().get("userId"))
                && "SYSTEM".equals(event.getMetaData().get("userRole"));
    }

    @Test
    void automaticallyApprovedCheapGoodsAreKept() {
        fixture.givenNoPriorActivity()
                .when(submit(ReturnReason.WRONG_ITEM, REQUESTED_AT, asking(2, 1)))
                .expectEvents(
                        autoApprovedRequest(ReturnReason.WRONG_ITEM, mugs(1)),
                        autoApproval(line(2, 1)),
                        notice(NotificationTopic.APPROVED, null, "Your return request was approved.", REQUESTED_AT),
                        new ReturnOrderIssued(RETURN, NUMBER, List.of(mugs(1)), KEEP_INSTRUCTIONS, null, true,
                                REQUESTED_AT, POLICY.version()),
                        notice(NotificationTopic.RETURN_ORDER_ISSUED, NUMBER, KEEP_INSTRUCTIONS, REQUESTED_AT))
                .expectNoScheduledDeadlines();
    }

    @Test
    void valueExactlyAtTheThresholdIsApprovedAutomatically() {
        // two kettles are worth 398.00, exactly the threshold
        policy = new PolicyVersion(3, terms(new AutoApprovalRules(true, true, new BigDecimal("398.00"),
                SELLER_AT_FAULT)));

        fixture.givenNoPriorActivity()
                .when(submit(ReturnReason.QUALITY_DEFECT, REQUESTED_AT, asking(1, 2)))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.listWithAnyOf(
                                org.axonframework.test.matchers.Matchers.equalTo(autoApproval(line(1, 2))))));
    }

    @Test
    void valueAboveTheThresholdNeedsReview() {
        // 3 kettles: 597.00 > 500.00
        fixture.givenNoPriorActivity()
                .when(submit(ReturnReason.QUALITY_DEFECT, REQUESTED_AT, asking(1, 3)))
                .expectEvents(requested(ReturnReason.QUALITY_DEFECT, REQUESTED_AT, true,
                        List.of(AutoApprovalPolicy.ABOVE_THRESHOLD), kettles(3)))
                .expectNoScheduledDeadlines();
    }

    @Test
    void lateRequestNeedsReview() {
        fixture.givenNoPriorActivity()
                .when(submit(ReturnReason.WRONG_ITEM, LATE_REQUESTED_AT, asking(2, 1)))
                .expectEvents(requested(ReturnReason.WRONG_ITEM, LATE_REQUESTED_AT, false,
                        List.of(AutoApprovalPolicy.OUTSIDE_WINDOW), mugs(1)));
    }

    @Test
    void disabledAutoApprovalSendsEveryRequestToReview() {
        policy = new PolicyVersion(3, terms(new AutoApprovalRules(false, true, new BigDecimal("500.00"),
                SELLER_AT_FAULT)));

        fixture.givenNoPriorActivity()
                .when(submit(ReturnReason.QUALITY_DEFECT, REQUESTED_AT, asking(2, 1)))
                .expectEvents(requested(ReturnReason.QUALITY_DEFECT, REQUESTED_AT, true,
                        List.of(AutoApprovalPolicy.DISABLED), mugs(1)));
    }

    @Test
    void assessmentRecordsTheValueOfEveryLineAndTheShortestWindow() {
        // one kettle and two teapots: 199.00 + 118.00
        fixture.givenNoPriorActivity()
                .when(submit(ReturnReason.DISSATISFIED, REQUESTED_AT, asking(1, 1), asking(3, 2)))
                .expectEvents(requested(kettles(1), teapots(2)));
    }

    @Test
    void autoApprovalThatDoesNotRequireTheWindowApprovesALateRequest() {
        policy = new PolicyVersion(3, terms(new AutoApprovalRules(true, false, new BigDecimal("500.00"),
                SELLER_AT_FAULT)));
        String instructions = "Return order " + NUMBER + ": pack the goods with this number on the parcel and send "
                + "them to us by " + LATE_REQUESTED_AT.plus(Duration.ofDays(14)) + ".";

        fixture.givenNoPriorActivity()
                .when(submit(ReturnReason.WRONG_ITEM, LATE_REQUESTED_AT, asking(1, 1)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        requested(ReturnReason.WRONG_ITEM, LATE_REQUESTED_AT, false, List.of(), kettles(1)),
                        new ReturnApproved(RETURN, ORDER, List.of(line(1, 1)), true, ReturnRequest.AUTO_APPROVAL,
                                LATE_REQUESTED_AT, POLICY.version(),
                                "policy version 3 approves automatically outside the return window", AUTO_COMMENT),
                        notice(NotificationTopic.APPROVED, null, "Your return request was approved.",
                                LATE_REQUESTED_AT),
                        new ReturnOrderIssued(RETURN, NUMBER, List.of(kettles(1)), instructions,
                                LATE_REQUESTED_AT.plus(Duration.ofDays(14)), false, LATE_REQUESTED_AT,
                                POLICY.version()),
                        notice(NotificationTopic.RETURN_ORDER_ISSUED, NUMBER, instructions, LATE_REQUESTED_AT));
    }

    @Test
    void cannotAskForTheSameOrderLineTwice() {
        fixture.givenNoPriorActivity()
                .when(submit(ReturnReason.DISSATISFIED, REQUESTED_AT, asking(1, 1), asking(1, 1)))
                .expectException(invalid("duplicate-line"))
                .expectNoEvents();

        assertThat(orderEvents()).containsExactly(ORDER_RECORDED);
    }

    @Test
    void cannotSubmitAReturnWithoutLines() {
        // without this rule an empty request is worth 0.00, passes auto-approval and is "kept" and settled at zero
        fixture.givenNoPriorActivity()
                .when(submit(ReturnReason.QUALITY_DEFECT, REQUESTED_AT))
                .expectException(invalid("nothing-requested"))
                .expectNoEvents();

        assertThat(orderEvents()).containsExactly(ORDER_RECORDED);
    }

    @Test
    void cannotSubmitForAnUnknownOrder() {
        fixture.givenNoPriorActivity()
                .when(new SubmitReturnCommand(RETURN, new SalesOrderId("SO-404"), List.of(asking(1, 1)),
                        ReturnReason.DISSATISFIED, null, Channel.HOTLINE, Resolution.REFUND, CLERK, REQUESTED_AT))
                .expectException(invalid("unknown-order"))
                .expectNoEvents();
    }

    @Test
    void reservationRefusesMoreThanReturnable() {
        fixture.givenNoPriorActivity()
                .when(submit(ReturnReason.DISSATISFIED, REQUESTED_AT, asking(1, 4)))
                .expectException(invalid("quantity-exceeds-returnable"))
                .expectNoEvents();

        assertThat(orderEvents()).containsExactly(ORDER_RECORDED);
    }

    @Test
    void cannotSubmitALineTheOrderDoesNotHave() {
        fixture.givenNoPriorActivity()
                .when(submit(ReturnReason.DISSATISFIED, REQUESTED_AT, asking(7, 1)))
                .expectException(invalid("unknown-order-line"))
                .expectNoEvents();
    }

    @Test
    void unitsHeldByAnOpenReturnCannotBeReturnedAgain() {
        orderStore.publish(new GenericDomainEventMessage<>("SalesOrder", ORDER.value(), 1,
                new ReturnQuantityReserved(ORDER, new com.jxc.returns.api.returnrequest.ReturnRequestId("RET-0"),
                        List.of(line(1, 2)))));

        fixture.givenNoPriorActivity()
                .when(submit(ReturnReason.DISSATISFIED, REQUESTED_AT, asking(1, 2)))
                .expectException(invalid("quantity-exceeds-returnable"))
                .expectNoEvents();
    }

    @Test
    void theSameReturnCannotBeSubmittedTwice() {
        orderStore.publish(new GenericDomainEventMessage<>("SalesOrder", ORDER.value(), 1,
                new ReturnQuantityReserved(ORDER, RETURN, List.of(line(1, 1)))));

        fixture.givenNoPriorActivity()
                .when(submit(ReturnReason.DISSATISFIED, REQUESTED_AT, asking(1, 1)))
                .expectException(conflict("return-already-reserved"))
                .expectNoEvents();
    }
}
