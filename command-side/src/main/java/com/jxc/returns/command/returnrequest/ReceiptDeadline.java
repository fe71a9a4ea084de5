package com.jxc.returns.command.returnrequest;

import java.time.Instant;

/** Payload of the durable deadline that expires a return whose goods never arrived. */
record ReceiptDeadline(Instant deadline) {
    static final String NAME = "receipt-deadline";
}
