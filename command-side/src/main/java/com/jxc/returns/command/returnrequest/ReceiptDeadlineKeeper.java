package com.jxc.returns.command.returnrequest;

import com.jxc.returns.api.returnrequest.ReturnOrderIssued;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.springframework.stereotype.Component;

/**
 * Receipt deadlines live beside the events, not in them. The aggregate schedules each one when it issues a return
 * order; when the stream is replayed into a store without those schedules (a restore from an export, a new
 * installation of the command side), this handler schedules them again. A deadline that fires for a return that is
 * no longer waiting for goods changes nothing, so scheduling one twice is harmless.
 */
@Component
@ProcessingGroup(ReceiptDeadlineKeeper.PROCESSING_GROUP)
class ReceiptDeadlineKeeper {

    static final String PROCESSING_GROUP = "receipt-deadlines";

    private final DeadlineManager deadlines;

    ReceiptDeadlineKeeper(DeadlineManager deadlines) {
        this.deadlines = deadlines;
    }

    @EventHandler
    void on(ReturnOrderIssued event, ReplayStatus status) {
        if (status.isReplay() && event.receiptDeadline() != null) {
            deadlines.schedule(event.receiptDeadline(), ReceiptDeadline.NAME, new ReceiptDeadline(event.receiptDeadline()),
                    new AggregateScopeDescriptor(ReturnRequest.class.getSimpleName(), event.returnId().value()));
        }
    }
}
