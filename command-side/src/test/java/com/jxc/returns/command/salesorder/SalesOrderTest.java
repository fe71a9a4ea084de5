package com.jxc.returns.command.salesorder;

import com.jxc.returns.api.common.CustomerId;
import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.returnrequest.ReportedCondition;
import com.jxc.returns.api.returnrequest.RequestedLine;
import com.jxc.returns.api.returnrequest.ReturnLine;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.salesorder.AdjustReturnReservationCommand;
import com.jxc.returns.api.salesorder.Customer;
import com.jxc.returns.api.salesorder.LineQuantity;
import com.jxc.returns.api.salesorder.RecordSalesOrderCommand;
import com.jxc.returns.api.salesorder.ReturnQuantityReleased;
import com.jxc.returns.api.salesorder.ReturnQuantityReserved;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.api.salesorder.SalesOrderLine;
import com.jxc.returns.api.salesorder.SalesOrderRecorded;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import static com.jxc.returns.command.Violations.conflict;
import static com.jxc.returns.command.Violations.invalid;
import static org.assertj.core.api.Assertions.assertThat;

class SalesOrderTest {

    private static final SalesOrderId ORDER = new SalesOrderId("SO-1");
    private static final ReturnRequestId FIRST_RETURN = new ReturnRequestId("RET-1");
    private static final ReturnRequestId SECOND_RETURN = new ReturnRequestId("RET-2");
    private static final Customer CUSTOMER = new Customer(new CustomerId("C-1"), "Li Lei", "13800000000");
    private static final WarehouseId WAREHOUSE = new WarehouseId("WH-SH");
    private static final Instant SHIPPED_AT = Instant.parse("2026-01-31T20:00:00Z");
    private static final SalesOrderLine KETTLE = new SalesOrderLine(1, new Sku("SKU-KETTLE"), "appliances",
            Quantity.of(3), cny("199.00"), cny("120.00"), List.of("SN-1", "SN-2", "SN-3"));
    private static final SalesOrderLine MUG = new SalesOrderLine(2, new Sku("SKU-MUG"), "kitchen", Quantity.of(4),
            cny("9.90"), null, List.of());
    private static final SalesOrderRecorded RECORDED = new SalesOrderRecorded(ORDER, CUSTOMER, WAREHOUSE, SHIPPED_AT,
            Money.CNY, List.of(KETTLE, MUG));

    private AggregateTestFixture<SalesOrder> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SalesOrder.class);
    }

    private static Money cny(String amount) {
        return Money.of(amount, Money.CNY);
    }

    private static LineQuantity line(int lineNo, int quantity) {
        return new LineQuantity(lineNo, Quantity.of(quantity));
    }

    private static RequestedLine requested(int lineNo, int quantity) {
        return new RequestedLine(lineNo, Quantity.of(quantity), ReportedCondition.OPENED);
    }

    // --- recording -------------------------------------------------------------------------------------------

    @Test
    void canRecordAShippedOrder() {
        fixture.givenNoPriorActivity()
                .when(new RecordSalesOrderCommand(ORDER, CUSTOMER, WAREHOUSE, SHIPPED_AT, Money.CNY,
                        List.of(KETTLE, MUG)))
                .expectEvents(RECORDED);
    }

    @Test
    void cannotRecordAnOrderWithoutLines() {
        fixture.givenNoPriorActivity()
                .when(new RecordSalesOrderCommand(ORDER, CUSTOMER, WAREHOUSE, SHIPPED_AT, Money.CNY, List.of()))
                .expectException(invalid("order-without-lines"))
                .expectNoEvents();
    }

    @Test
    void cannotRecordTheSameLineNumberTwice() {
        var again = new SalesOrderLine(1, new Sku("SKU-OTHER"), "appliances", Quantity.of(1), cny("1.00"), null, null);

        fixture.givenNoPriorActivity()
                .when(new RecordSalesOrderCommand(ORDER, CUSTOMER, WAREHOUSE, SHIPPED_AT, Money.CNY,
                        List.of(KETTLE, again)))
                .expectException(invalid("duplicate-order-line"))
                .expectNoEvents();
    }

    @Test
    void cannotPriceALineInAnotherCurrency() {
        var dollars = new SalesOrderLine(3, new Sku("SKU-USD"), "imports", Quantity.of(1),
                Money.of("5.00", Currency.getInstance("USD")), null, null);

        fixture.givenNoPriorActivity()
                .when(new RecordSalesOrderCommand(ORDER, CUSTOMER, WAREHOUSE, SHIPPED_AT, Money.CNY,
                        List.of(KETTLE, dollars)))
                .expectException(invalid("currency-mismatch"))
                .expectNoEvents();
    }

    @Test
    void cannotCostALineInAnotherCurrency() {
        var costedInDollars = new SalesOrderLine(3, new Sku("SKU-USD"), "imports", Quantity.of(1), cny("5.00"),
                Money.of("0.50", Currency.getInstance("USD")), null);

        fixture.givenNoPriorActivity()
                .when(new RecordSalesOrderCommand(ORDER, CUSTOMER, WAREHOUSE, SHIPPED_AT, Money.CNY,
                        List.of(costedInDollars)))
                .expectException(invalid("currency-mismatch"));
    }

    // --- reserving -------------------------------------------------------------------------------------------

    @Test
    void reservationHoldsUnitsAndCompletesTheLinesFromTheOrder() {
        var lines = new ArrayList<ReturnLine>();

        fixture.given(RECORDED)
                .whenInvoking(ORDER.value(), order -> lines.addAll(order.reserve(FIRST_RETURN,
                        List.of(requested(1, 2), requested(2, 4)))))
                .expectEvents(new ReturnQuantityReserved(ORDER, FIRST_RETURN, List.of(line(1, 2), line(2, 4))));

        assertThat(lines).containsExactly(
                new ReturnLine(1, KETTLE.sku(), "appliances", Quantity.of(2), ReportedCondition.OPENED,
                        cny("199.00"), cny("120.00")),
                new ReturnLine(2, MUG.sku(), "kitchen", Quantity.of(4), ReportedCondition.OPENED, cny("9.90"), null));
    }

    @Test
    void reservationRefusesMoreThanReturnable() {
        fixture.given(RECORDED, new ReturnQuantityReserved(ORDER, FIRST_RETURN, List.of(line(1, 2))))
                .whenInvoking(ORDER.value(), order -> order.reserve(SECOND_RETURN, List.of(requested(1, 2))))
                .expectException(invalid("quantity-exceeds-returnable"))
                .expectNoEvents();
    }

    @Test
    void reservationRefusesMoreThanShipped() {
        fixture.given(RECORDED)
                .whenInvoking(ORDER.value(), order -> order.reserve(FIRST_RETURN, List.of(requested(2, 5))))
                .expectException(invalid("quantity-exceeds-returnable"))
                .expectNoEvents();
    }

    @Test
    void canReserveTheLastReturnableUnits() {
        fixture.given(RECORDED, new ReturnQuantityReserved(ORDER, FIRST_RETURN, List.of(line(1, 2))))
                .whenInvoking(ORDER.value(), order -> order.reserve(SECOND_RETURN, List.of(requested(1, 1))))
                .expectEvents(new ReturnQuantityReserved(ORDER, SECOND_RETURN, List.of(line(1, 1))));
    }

    @Test
    void releasedUnitsCanBeReturnedAgain() {
        fixture.given(RECORDED,
                        new ReturnQuantityReserved(ORDER, FIRST_RETURN, List.of(line(1, 3))),
                        new ReturnQuantityReleased(ORDER, FIRST_RETURN, List.of(line(1, 2)), "partial-approval"))
                .whenInvoking(ORDER.value(), order -> order.reserve(SECOND_RETURN, List.of(requested(1, 2))))
                .expectEvents(new ReturnQuantityReserved(ORDER, SECOND_RETURN, List.of(line(1, 2))));
    }

    @Test
    void reservationRefusesALineTheOrderDoesNotHave() {
        fixture.given(RECORDED)
                .whenInvoking(ORDER.value(), order -> order.reserve(FIRST_RETURN, List.of(requested(9, 1))))
                .expectException(invalid("unknown-order-line"))
                .expectNoEvents();
    }

    @Test
    void reservationRefusesTheSameLineTwice() {
        // the return keeps one line per order line; a second entry for the same line would reserve units the
        // return never accounts for
        fixture.given(RECORDED)
                .whenInvoking(ORDER.value(), order -> order.reserve(FIRST_RETURN,
                        List.of(requested(1, 1), requested(1, 1))))
                .expectException(invalid("duplicate-line"))
                .expectNoEvents();
    }

    @Test
    void reservationRefusesAnEmptyReturn() {
        fixture.given(RECORDED)
                .whenInvoking(ORDER.value(), order -> order.reserve(FIRST_RETURN, List.of()))
                .expectException(invalid("nothing-requested"))
                .expectNoEvents();
    }

    @Test
    void aReturnReservesOnlyOnce() {
        fixture.given(RECORDED, new ReturnQuantityReserved(ORDER, FIRST_RETURN, List.of(line(1, 1))))
                .whenInvoking(ORDER.value(), order -> order.reserve(FIRST_RETURN, List.of(requested(2, 1))))
                .expectException(conflict("return-already-reserved"))
                .expectNoEvents();
    }

    @Test
    void aFullyReleasedReturnStillCannotReserveAgain() {
        fixture.given(RECORDED,
                        new ReturnQuantityReserved(ORDER, FIRST_RETURN, List.of(line(1, 1))),
                        new ReturnQuantityReleased(ORDER, FIRST_RETURN, List.of(line(1, 1)), "cancelled"))
                .whenInvoking(ORDER.value(), order -> order.reserve(FIRST_RETURN, List.of(requested(1, 1))))
                .expectException(conflict("return-already-reserved"));
    }

    // --- adjusting -------------------------------------------------------------------------------------------

    @Test
    void adjustingReleasesWhatTheReturnNoLongerNeeds() {
        fixture.given(RECORDED, new ReturnQuantityReserved(ORDER, FIRST_RETURN, List.of(line(1, 3), line(2, 2))))
                .when(new AdjustReturnReservationCommand(ORDER, FIRST_RETURN, List.of(line(1, 1)), "partial-approval"))
                .expectEvents(new ReturnQuantityReleased(ORDER, FIRST_RETURN, List.of(line(1, 2), line(2, 2)),
                        "partial-approval"));
    }

    @Test
    void adjustingToNothingReleasesEverything() {
        fixture.given(RECORDED, new ReturnQuantityReserved(ORDER, FIRST_RETURN, List.of(line(2, 3))))
                .when(new AdjustReturnReservationCommand(ORDER, FIRST_RETURN, List.of(), "rejected"))
                .expectEvents(new ReturnQuantityReleased(ORDER, FIRST_RETURN, List.of(line(2, 3)), "rejected"));
    }

    @Test
    void adjustingReservationIsIdempotent() {
        fixture.given(RECORDED,
                        new ReturnQuantityReserved(ORDER, FIRST_RETURN, List.of(line(1, 3))),
                        new ReturnQuantityReleased(ORDER, FIRST_RETURN, List.of(line(1, 2)), "partial-approval"))
                .when(new AdjustReturnReservationCommand(ORDER, FIRST_RETURN, List.of(line(1, 1)), "partial-approval"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void adjustingNeverReleasesAnotherReturnsUnits() {
        fixture.given(RECORDED,
                        new ReturnQuantityReserved(ORDER, FIRST_RETURN, List.of(line(1, 1))),
                        new ReturnQuantityReserved(ORDER, SECOND_RETURN, List.of(line(1, 2))))
                .when(new AdjustReturnReservationCommand(ORDER, FIRST_RETURN, List.of(), "cancelled"))
                .expectEvents(new ReturnQuantityReleased(ORDER, FIRST_RETURN, List.of(line(1, 1)), "cancelled"));
    }

    @Test
    void adjustingAReturnThatHoldsNothingChangesNothing() {
        fixture.given(RECORDED)
                .when(new AdjustReturnReservationCommand(ORDER, FIRST_RETURN, List.of(), "expired"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void keepingMoreThanHeldReservesNothingMore() {
        fixture.given(RECORDED, new ReturnQuantityReserved(ORDER, FIRST_RETURN, List.of(line(1, 1))))
                .when(new AdjustReturnReservationCommand(ORDER, FIRST_RETURN, List.of(line(1, 3)), "not-credited"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void releasedUnitsAreReturnableAfterAdjusting() {
        fixture.given(RECORDED, new ReturnQuantityReserved(ORDER, FIRST_RETURN, List.of(line(1, 3))))
                .andGivenCommands(new AdjustReturnReservationCommand(ORDER, FIRST_RETURN, List.of(), "expired"))
                .whenInvoking(ORDER.value(), order -> order.reserve(SECOND_RETURN, List.of(requested(1, 3))))
                .expectEvents(new ReturnQuantityReserved(ORDER, SECOND_RETURN, List.of(line(1, 3))));
    }
}
