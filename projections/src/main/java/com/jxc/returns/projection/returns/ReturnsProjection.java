package com.jxc.returns.projection.returns;

import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.ReturnRequested;
import com.jxc.returns.api.returnrequest.ReturnState;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** Keeps the returns worklist and detail documents. Idempotent by the return's event sequence number. */
@Component
@ProcessingGroup(ReturnsProjection.PROCESSING_GROUP)
class ReturnsProjection {

    static final String PROCESSING_GROUP = "returns";

    private final ReturnViewRepository views;

    ReturnsProjection(ReturnViewRepository views) {
        this.views = views;
    }

    @EventHandler
    void on(ReturnRequested event, @SequenceNumber long sequence) {
        if (views.find(event.returnId().value()).isPresent()) {
            return;
        }
        var lines = event.lines().stream()
                .map(line -> new ReturnView.Line(line.lineNo(), line.sku().value(), line.category(),
                        line.quantity().value(), line.condition().name(), line.unitPrice().amount()))
                .toList();
        views.save(new ReturnView(event.returnId().value(), sequence, ReturnState.REQUESTED.name(),
                event.orderId().value(), event.customerId().value(), event.warehouse().value(),
                event.currency().getCurrencyCode(), lines, event.reason().name(), event.reasonText(),
                event.channel().name(), event.wantedResolution().name(), event.requestedBy().value(),
                event.requestedAt(), event.requestedAt()));
    }

    @ResetHandler
    void reset() {
        views.deleteAll();
    }
}
