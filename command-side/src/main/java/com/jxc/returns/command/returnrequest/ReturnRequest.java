package com.jxc.returns.command.returnrequest;

import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.returnrequest.ReturnLine;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.ReturnRequested;
import com.jxc.returns.api.returnrequest.ReturnState;
import com.jxc.returns.api.returnrequest.SubmitReturnCommand;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.command.salesorder.SalesOrder;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** One customer return, from request to feedback. Every decision is an event. */
@Aggregate
public class ReturnRequest {

    @AggregateIdentifier
    private ReturnRequestId returnId;
    private SalesOrderId orderId;
    private ReturnState state;
    private UserId requestedBy;
    private List<ReturnLine> lines;

    ReturnRequest() {
    }

    ReturnRequest(SubmitReturnCommand command, SalesOrder order, List<ReturnLine> lines) {
        apply(new ReturnRequested(command.returnId(), command.orderId(), order.customer().id(), order.warehouse(),
                order.currency(), lines, command.reason(), command.reasonText(), command.channel(),
                command.wantedResolution(), command.requestedBy(), command.requestedAt()));
    }

    ReturnState state() {
        return state;
    }

    @EventSourcingHandler
    void on(ReturnRequested event) {
        returnId = event.returnId();
        orderId = event.orderId();
        requestedBy = event.requestedBy();
        lines = event.lines();
        state = ReturnState.REQUESTED;
    }
}
