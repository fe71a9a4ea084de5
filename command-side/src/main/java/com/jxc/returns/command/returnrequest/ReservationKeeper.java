package com.jxc.returns.command.returnrequest;

import com.jxc.returns.api.returnrequest.ReturnApproved;
import com.jxc.returns.api.returnrequest.ReturnCancelled;
import com.jxc.returns.api.returnrequest.ReturnExpired;
import com.jxc.returns.api.returnrequest.ReturnInspected;
import com.jxc.returns.api.returnrequest.ReturnRejected;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.salesorder.AdjustReturnReservationCommand;
import com.jxc.returns.api.salesorder.LineQuantity;
import com.jxc.returns.api.salesorder.SalesOrderId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Gives an order's units back when a return no longer needs them: rejected, cancelled or expired (all of them),
 * approved in part (the rest), inspected (those not credited). A tracking processor makes this durable; the command
 * sets a target, so handling an event twice changes nothing.
 */
@Component
@ProcessingGroup(ReservationKeeper.PROCESSING_GROUP)
@DisallowReplay
class ReservationKeeper {

    static final String PROCESSING_GROUP = "reservation-keeper";

    private final CommandGateway commands;

    ReservationKeeper(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(ReturnApproved event) {
        keep(event.orderId(), event.returnId(), event.lines(), "partial-approval");
    }

    @EventHandler
    void on(ReturnRejected event) {
        keep(event.orderId(), event.returnId(), List.of(), "rejected");
    }

    @EventHandler
    void on(ReturnCancelled event) {
        keep(event.orderId(), event.returnId(), List.of(), "cancelled");
    }

    @EventHandler
    void on(ReturnExpired event) {
        keep(event.orderId(), event.returnId(), List.of(), "expired");
    }

    @EventHandler
    void on(ReturnInspected event) {
        keep(event.orderId(), event.returnId(), event.lines().stream()
                .map(line -> new LineQuantity(line.lineNo(), line.credited())).toList(), "not-credited");
    }

    private void keep(SalesOrderId orderId, ReturnRequestId returnId, List<LineQuantity> keep, String cause) {
        commands.sendAndWait(new AdjustReturnReservationCommand(orderId, returnId, keep, cause));
    }
}
