package com.jxc.returns.command.purchasing;

import com.jxc.returns.api.common.RuleViolation;
import com.jxc.returns.api.purchasing.GoodsReceived;
import com.jxc.returns.api.purchasing.PurchaseReceiptId;
import com.jxc.returns.api.purchasing.RecordPurchaseReceiptCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** Goods received from a supplier, as the purchasing system reports them. Recorded once. */
@Aggregate
class PurchaseReceipt {

    @AggregateIdentifier
    private PurchaseReceiptId receiptId;

    PurchaseReceipt() {
    }

    @CommandHandler
    PurchaseReceipt(RecordPurchaseReceiptCommand command) {
        if (command.lines().isEmpty()) {
            throw RuleViolation.invalid("receipt-without-lines", "a purchase receipt needs at least one line");
        }
        if (command.supplier() == null || command.supplier().isBlank() || command.supplier().length() > 200) {
            throw RuleViolation.invalid("supplier-required", "name the supplier (at most 200 characters)");
        }
        apply(new GoodsReceived(command.receiptId(), command.supplier().strip(), command.warehouse(),
                command.receivedAt(), command.lines()));
    }

    @EventSourcingHandler
    void on(GoodsReceived event) {
        receiptId = event.receiptId();
    }
}
