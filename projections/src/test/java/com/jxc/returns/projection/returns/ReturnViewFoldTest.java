package com.jxc.returns.projection.returns;

import com.jxc.returns.api.common.CustomerId;
import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.Channel;
import com.jxc.returns.api.returnrequest.CreditedLine;
import com.jxc.returns.api.returnrequest.CustomerNotificationRequested;
import com.jxc.returns.api.returnrequest.Discrepancy;
import com.jxc.returns.api.returnrequest.InspectedLine;
import com.jxc.returns.api.returnrequest.NotificationTopic;
import com.jxc.returns.api.returnrequest.ReceivedLine;
import com.jxc.returns.api.returnrequest.ReportedCondition;
import com.jxc.returns.api.returnrequest.Resolution;
import com.jxc.returns.api.returnrequest.ReturnApproved;
import com.jxc.returns.api.returnrequest.ReturnCancelled;
import com.jxc.returns.api.returnrequest.ReturnInspected;
import com.jxc.returns.api.returnrequest.ReturnLine;
import com.jxc.returns.api.returnrequest.ReturnOrderIssued;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.ReturnReceived;
import com.jxc.returns.api.returnrequest.ReturnRejected;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.ReturnRequestEvent;
import com.jxc.returns.api.returnrequest.ReturnRequested;
import com.jxc.returns.api.returnrequest.ReturnSettled;
import com.jxc.returns.api.returnrequest.ReviewAssessment;
import com.jxc.returns.api.returnrequest.SettlementMethod;
import com.jxc.returns.api.salesorder.Customer;
import com.jxc.returns.api.salesorder.LineQuantity;
import com.jxc.returns.api.salesorder.SalesOrderId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The fold of one return's events into its view, as the pure function it is. */
class ReturnViewFoldTest {

    private static final ReturnRequestId RETURN = new ReturnRequestId("R-1");
    private static final SalesOrderId ORDER = new SalesOrderId("SO-1");
    private static final Instant REQUESTED = Instant.parse("2026-03-01T02:00:00Z");
    private static final UserId USER = new UserId("tester");
    private static final WarehouseId WAREHOUSE = new WarehouseId("WH-1");

    @Test
    void aRequestStartsTheViewWaitingForAReviewer() {
        ReturnView view = ReturnViewFold.apply(null, requested(), 0);

        assertThat(view.returnId()).isEqualTo("R-1");
        assertThat(view.version()).isZero();
        assertThat(view.state()).isEqualTo("REQUESTED");
        assertThat(view.waitingFor()).isEqualTo("REVIEWER");
        assertThat(view.updatedAt()).isEqualTo(REQUESTED);
        assertThat(view.request().orderId()).isEqualTo("SO-1");
        assertThat(view.request().currency()).isEqualTo("CNY");
        assertThat(view.request().requestValue()).isEqualByComparingTo("305.50");
        assertThat(view.lines()).extracting(ReturnView.Line::lineNo, ReturnView.Line::sku, ReturnView.Line::requested,
                ReturnView.Line::approved).containsExactly(
                tuple(1, "SKU-A", 3, 0),
                tuple(2, "SKU-B", 1, 0));
    }

    @Test
    void followsAReturnFromApprovalToSettlementLineByLine() {
        ReturnView view = fold(requested(), approved(), issued(false), received(), inspected(), settled());

        assertThat(view.version()).isEqualTo(5);
        assertThat(view.state()).isEqualTo("SETTLED");
        assertThat(view.waitingFor()).isNull();
        assertThat(view.updatedAt()).isEqualTo(REQUESTED.plusSeconds(5));
        assertThat(view.approval().approvedBy()).isEqualTo("reviewer");
        assertThat(view.returnOrder().number()).isEqualTo("RT-2026-000001");
        assertThat(view.receipt().by()).isEqualTo("tester");
        assertThat(view.settlement().method()).isEqualTo("REFUND");
        assertThat(view.settlement().refunded()).isEqualByComparingTo("100.00");
        ReturnView.Line first = view.lines().get(0);
        assertThat(first).isEqualTo(new ReturnView.Line(1, "SKU-A", "kitchen", "DEFECTIVE", new BigDecimal("100.00"),
                3, 2, 2, "SKU-A", "NONE", "box dented", 1, 0, 0, 0, 1, 1));
        ReturnView.Line second = view.lines().get(1);
        assertThat(second.approved()).isZero();
        assertThat(second.received()).isZero();
        assertThat(second.credited()).isZero();
    }

    @Test
    void theStageBeforeEachStepSaysWhoseTurnItIs() {
        assertThat(fold(requested(), approved()).state()).isEqualTo("APPROVED");
        assertThat(fold(requested(), approved(), issued(false)).waitingFor()).isEqualTo("WAREHOUSE");
        assertThat(fold(requested(), approved(), issued(true)).waitingFor()).isEqualTo("FINANCE");
        assertThat(fold(requested(), approved(), issued(false), received()).waitingFor()).isEqualTo("WAREHOUSE");
        assertThat(fold(requested(), approved(), issued(false), received(), inspected()).waitingFor())
                .isEqualTo("FINANCE");
    }

    @Test
    void aRejectionOrACancellationEndsTheReturnWithItsReason() {
        ReturnView rejected = fold(requested(), new ReturnRejected(RETURN, ORDER, "worn", new UserId("reviewer"),
                REQUESTED.plusSeconds(1), 3));
        assertThat(rejected.state()).isEqualTo("REJECTED");
        assertThat(rejected.waitingFor()).isNull();
        assertThat(rejected.rejection()).isEqualTo(new ReturnView.Decision("reviewer", REQUESTED.plusSeconds(1),
                "worn", 3));

        ReturnView cancelled = fold(requested(), new ReturnCancelled(RETURN, ORDER, "changed mind", USER,
                REQUESTED.plusSeconds(1)));
        assertThat(cancelled.state()).isEqualTo("CANCELLED");
        assertThat(cancelled.cancellation()).isEqualTo(new ReturnView.Decision("tester", REQUESTED.plusSeconds(1),
                "changed mind", null));
    }

    @Test
    void anEventDeliveredAgainOrOutOfOrderLeavesTheViewAsItIs() {
        ReturnView approvedView = fold(requested(), approved());

        assertThat(ReturnViewFold.apply(approvedView, approved(), 1)).isSameAs(approvedView);
        assertThat(ReturnViewFold.apply(approvedView, requested(), 0)).isSameAs(approvedView);
        assertThat(ReturnViewFold.apply(approvedView, new ReturnRejected(RETURN, ORDER, "late", USER,
                REQUESTED, 1), 1)).isSameAs(approvedView);
    }

    @Test
    void anEventBeforeTheRequestMakesNoView() {
        assertThat(ReturnViewFold.apply(null, approved(), 1)).isNull();
    }

    @Test
    void aNotificationOnlyMovesTheVersionSoThatTheETagMatchesTheAggregate() {
        ReturnView approvedView = fold(requested(), approved());

        ReturnView notified = ReturnViewFold.apply(approvedView, new CustomerNotificationRequested(RETURN, "N-1",
                NotificationTopic.APPROVED, "张三", "z@example.com", null, "approved", REQUESTED.plusSeconds(9)), 2);

        assertThat(notified.version()).isEqualTo(2);
        assertThat(notified).usingRecursiveComparison().ignoringFields("version").isEqualTo(approvedView);
    }

    /** Each event at the next sequence number, starting at 0. */
    private static ReturnView fold(ReturnRequestEvent... events) {
        ReturnView view = null;
        for (int sequence = 0; sequence < events.length; sequence++) {
            view = ReturnViewFold.apply(view, events[sequence], sequence);
        }
        return view;
    }

    private static ReturnRequested requested() {
        var lines = List.of(
                new ReturnLine(1, new Sku("SKU-A"), "kitchen", Quantity.of(3), ReportedCondition.DEFECTIVE,
                        Money.of("100.00", Money.CNY), null),
                new ReturnLine(2, new Sku("SKU-B"), "garden", Quantity.of(1), ReportedCondition.DEFECTIVE,
                        Money.of("5.50", Money.CNY), null));
        return new ReturnRequested(RETURN, ORDER, new Customer(new CustomerId("C-1"), "张三", "z@example.com"),
                WAREHOUSE, Money.CNY, REQUESTED.minusSeconds(86_400), lines,
                ReturnReason.DISSATISFIED, "meh", Channel.HOTLINE, Resolution.REFUND, USER, REQUESTED,
                new ReviewAssessment(1, true, LocalDate.parse("2026-03-30"), Money.of("305.50", Money.CNY), false,
                        List.of("reason-needs-review")));
    }

    private static ReturnApproved approved() {
        return new ReturnApproved(RETURN, ORDER, List.of(new LineQuantity(1, Quantity.of(2))), false,
                new UserId("reviewer"), REQUESTED.plusSeconds(1), 1, null, "two of three");
    }

    private static ReturnOrderIssued issued(boolean keepItem) {
        return new ReturnOrderIssued(RETURN, "RT-2026-000001", List.of(), "send it", null, keepItem,
                REQUESTED.plusSeconds(2), 1);
    }

    private static ReturnReceived received() {
        return new ReturnReceived(RETURN, WAREHOUSE, List.of(new ReceivedLine(1, new Sku("SKU-A"), new Sku("SKU-A"),
                Quantity.of(2), Quantity.of(2), Discrepancy.NONE, "box dented")), USER, REQUESTED.plusSeconds(3));
    }

    private static ReturnInspected inspected() {
        return new ReturnInspected(RETURN, ORDER, WAREHOUSE, List.of(new InspectedLine(1, new Sku("SKU-A"),
                Quantity.of(1), Quantity.ZERO, Quantity.ZERO, Quantity.ZERO, Quantity.of(1))), USER,
                REQUESTED.plusSeconds(4));
    }

    private static ReturnSettled settled() {
        Money zero = Money.zero(Money.CNY);
        Money hundred = Money.of("100.00", Money.CNY);
        return new ReturnSettled(RETURN, ORDER, new CustomerId("C-1"), WAREHOUSE, SettlementMethod.REFUND,
                List.of(new CreditedLine(1, new Sku("SKU-A"), "kitchen", Quantity.of(1), hundred, null)), hundred,
                zero, false, hundred, null, hundred, zero, zero, false, USER, REQUESTED.plusSeconds(5), 1);
    }
}
