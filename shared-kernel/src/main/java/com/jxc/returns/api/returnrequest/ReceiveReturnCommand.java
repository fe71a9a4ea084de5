package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.purchasing.ReceiptLine;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What arrived, per authorised line; {@code receivedSku} defaults to the expected SKU. */
public record ReceiveReturnCommand(@TargetAggregateIdentifier ReturnRequestId returnId, List<ReceiptLine> lines, UserId receivedBy,
                                   Instant receivedAt) {
    public ReceiveReturnCommand {
        lines = List.copyOf(lines);
    }

    public record ReceiptLine(int lineNo, Quantity quantity, Sku receivedSku, String note) {
        public ReceiptLine {
            Objects.requireNonNull(quantity, "received quantity is required");
        }
    }
}
