package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record RejectReturnCommand(@TargetAggregateIdentifier ReturnRequestId returnId, String reason, UserId rejectedBy, Instant rejectedAt) {
}
