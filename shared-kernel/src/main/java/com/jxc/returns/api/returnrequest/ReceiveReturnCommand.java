package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.purchasing.ReceiptLine;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What arrived, per authorised line; {@code receivedSku} defaults to the expected SKU. */
public record ReceiveReturnCommand(@TargetAggregateIdentifier ReturnRequestId returnId, List<ReceiptLine> lines,
                                   UserId receivedBy, Instant receivedAt,
                                   @TargetAggregateVersion Long expectedVersion) {

    /** Without an expected version: applied to whatever version the return is at. */
    public ReceiveReturnCommand(ReturnRequestId returnId, List<ReceiptLine> lines, UserId receivedBy,
                                Instant receivedAt) {
        this(returnId, lines, receivedBy, receivedAt, null);
    }

    public ReceiveReturnCommand {
        lines = List.copyOf(lines);
    }

    public record ReceiptLine(int lineNo, Quantity quantity, Sku receivedSku, String note) {
        public ReceiptLine {
            Objects.requireNonNull(quantity, "received quantity is required");
        }
    }
}
