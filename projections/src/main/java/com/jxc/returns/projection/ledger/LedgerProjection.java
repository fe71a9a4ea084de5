package com.jxc.returns.projection.ledger;

import com.jxc.returns.api.returnrequest.ReturnInspected;
import com.jxc.returns.api.returnrequest.ReturnSettled;
import com.jxc.returns.api.salesorder.SalesOrderRecorded;
import com.jxc.returns.projection.support.ReadModels;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Keeps the double-entry ledger of returns. Every posting's id is derived from its return and kind, and its content
 * only from events, so an event applied again rewrites identical documents and a replay rebuilds the same ledger.
 * Order costs are remembered in the stream order in which they occur: an order is always recorded before any return
 * against it.
 */
@Component
@ProcessingGroup(LedgerProjection.PROCESSING_GROUP)
class LedgerProjection {

    static final String PROCESSING_GROUP = ReadModels.LEDGER;
    private static final Logger log = LoggerFactory.getLogger(LedgerProjection.class);

    private final LedgerRepository ledger;

    LedgerProjection(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    @EventHandler
    void on(SalesOrderRecorded event) {
        ledger.saveOrder(OrderCosts.of(event));
    }

    @EventHandler
    void on(ReturnInspected event) {
        Optional<OrderCosts> order = ledger.findOrder(event.orderId().value());
        if (order.isEmpty()) {
            log.warn("Order {} of return {} is unknown to the ledger: its goods cannot be costed",
                    event.orderId(), event.returnId());
            return;
        }
        ledger.save(PostingRules.inspection(event, order.get()));
    }

    @EventHandler
    void on(ReturnSettled event) {
        Optional<OrderCosts> order = event.exchange() == null ? Optional.empty()
                : ledger.findOrder(event.orderId().value());
        ledger.save(PostingRules.settlement(event, order));
    }

    @ResetHandler
    void reset() {
        ledger.deleteAll();
    }
}
