package com.jxc.returns.api.salesorder;

import com.jxc.returns.api.returnrequest.ReturnRequestId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * The return now needs only {@code keep} units per line; the order gives the rest back. Setting a target instead of
 * subtracting makes the command safe to repeat.
 */
public record AdjustReturnReservationCommand(@TargetAggregateIdentifier SalesOrderId orderId, ReturnRequestId returnId,
                                             List<LineQuantity> keep, String cause) {
    public AdjustReturnReservationCommand {
        keep = List.copyOf(keep);
    }
}
