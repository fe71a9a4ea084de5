package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

public record InspectReturnCommand(@TargetAggregateIdentifier ReturnRequestId returnId, List<Disposition> lines,
                                   UserId inspectedBy, Instant inspectedAt,
                                   @TargetAggregateVersion Long expectedVersion) {

    /** Without an expected version: applied to whatever version the return is at. */
    public InspectReturnCommand(ReturnRequestId returnId, List<Disposition> lines, UserId inspectedBy,
                                Instant inspectedAt) {
        this(returnId, lines, inspectedBy, inspectedAt, null);
    }

    public InspectReturnCommand {
        lines = List.copyOf(lines);
    }

    public record Disposition(int lineNo, Quantity restocked, Quantity scrapped, Quantity repair,
                              Quantity returnedToVendor, Quantity refused) {
        public Disposition {
            Objects.requireNonNull(restocked);
            Objects.requireNonNull(scrapped);
            Objects.requireNonNull(repair);
            Objects.requireNonNull(returnedToVendor);
            Objects.requireNonNull(refused);
        }
    }
}
