package com.jxc.returns.audit;

import com.jxc.returns.api.common.CustomerId;
import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.query.FindReturnAsOfQuery;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.Channel;
import com.jxc.returns.api.returnrequest.ReportedCondition;
import com.jxc.returns.api.returnrequest.Resolution;
import com.jxc.returns.api.returnrequest.ReturnApproved;
import com.jxc.returns.api.returnrequest.ReturnLine;
import com.jxc.returns.api.returnrequest.ReturnOrderIssued;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.ReturnRequested;
import com.jxc.returns.api.returnrequest.ReviewAssessment;
import com.jxc.returns.api.salesorder.Customer;
import com.jxc.returns.api.salesorder.SalesOrderId;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The return as of an instant, or right after one of its events: the events of one command (an approval and the
 * return order issued with it) may share an instant, and only the sequence number tells the return after each.
 */
class ReturnAsOfQueryHandlerTest {

    private static final Instant REQUESTED_AT = Instant.parse("2026-03-01T02:00:00Z");
    private static final Instant APPROVED_AT = REQUESTED_AT.plus(Duration.ofHours(1));
    private static final ReturnRequestId RETURN = new ReturnRequestId("R-ASOF-1");
    private static final SalesOrderId ORDER = new SalesOrderId("SO-ASOF-1");

    private final EventStore eventStore = mock(EventStore.class);
    private final ReturnAsOfQueryHandler handler = new ReturnAsOfQueryHandler(eventStore);

    @Test
    void theReturnAfterEachEventEvenWhenAnInstantHoldsSeveral() {
        var line = new ReturnLine(1, new Sku("KETTLE-1"), "appliances", Quantity.of(2), ReportedCondition.DEFECTIVE,
                Money.of("199.00", Money.CNY), Money.of("120.00", Money.CNY));
        List<DomainEventMessage<?>> events = List.of(
                event(0, REQUESTED_AT, new ReturnRequested(RETURN, ORDER, new Customer(new CustomerId("C-1"), "李雷",
                        "lilei@example.com"), new WarehouseId("WH-SH"), Money.CNY,
                        REQUESTED_AT.minus(Duration.ofDays(5)), List.of(line), ReturnReason.DISSATISFIED, "", Channel.HOTLINE, Resolution.REFUND,
                        new UserId("cs"), REQUESTED_AT, new ReviewAssessment(1, true, LocalDate.of(2026, 3, 25),
                        Money.of("398.00", Money.CNY), false, List.of("reason")))),
                event(1, APPROVED_AT, new ReturnApproved(RETURN, ORDER, List.of(), false, new UserId("reviewer"),
                        APPROVED_AT, 1, null, "同意退货")),
                event(2, APPROVED_AT, new ReturnOrderIssued(RETURN, "RT-1", List.of(line), "send it back",
                        APPROVED_AT.plus(Duration.ofDays(7)), false, APPROVED_AT, 1)));
        when(eventStore.readEvents(RETURN.value())).thenAnswer(call -> DomainEventStream.of(events));

        ReturnView afterApproval = handler.handle(FindReturnAsOfQuery.afterEvent(RETURN, 1)).orElseThrow();
        assertThat(afterApproval.state()).isEqualTo("APPROVED");
        assertThat(afterApproval.version()).isEqualTo(1);
        assertThat(afterApproval.returnOrder()).as("issued by the next event").isNull();

        ReturnView atTheInstant = handler.handle(new FindReturnAsOfQuery(RETURN, APPROVED_AT)).orElseThrow();
        assertThat(atTheInstant.version()).as("an instant holds both events").isEqualTo(2);
        assertThat(handler.handle(FindReturnAsOfQuery.afterEvent(RETURN, 2)).orElseThrow().returnOrder().number())
                .isEqualTo("RT-1");
        assertThat(handler.handle(FindReturnAsOfQuery.stored(RETURN)).orElseThrow().version()).isEqualTo(2);
        assertThat(handler.handle(FindReturnAsOfQuery.afterEvent(RETURN, 0)).orElseThrow().state())
                .isEqualTo("REQUESTED");
        assertThat(handler.handle(new FindReturnAsOfQuery(RETURN, REQUESTED_AT.minusSeconds(1)))).isEmpty();
    }

    private static DomainEventMessage<?> event(long sequence, Instant at, Object payload) {
        return new GenericDomainEventMessage<>("ReturnRequest", RETURN.value(), sequence, payload,
                MetaData.emptyInstance(), UUID.randomUUID().toString(), at);
    }
}
