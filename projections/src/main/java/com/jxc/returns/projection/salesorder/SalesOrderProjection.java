package com.jxc.returns.projection.salesorder;

import com.jxc.returns.api.query.SalesOrderView;
import com.jxc.returns.api.salesorder.LineQuantity;
import com.jxc.returns.api.salesorder.ReturnQuantityReleased;
import com.jxc.returns.api.salesorder.ReturnQuantityReserved;
import com.jxc.returns.api.salesorder.SalesOrderRecorded;
import com.jxc.returns.projection.support.ReadModels;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shipped orders with the units returns hold on each line: an order's reservations add to its lines, its releases
 * take away, as the order aggregate counts them. Each document is fed by one order's events only, so it remembers
 * the sequence number of the last one applied and skips what that covers (an event delivered again).
 */
@Component
@ProcessingGroup(ReadModels.SALES_ORDERS)
class SalesOrderProjection {

    private final SalesOrderViewRepository orders;

    SalesOrderProjection(SalesOrderViewRepository orders) {
        this.orders = orders;
    }

    @EventHandler
    void on(SalesOrderRecorded event, @SequenceNumber long sequence) {
        if (orders.inBatch(event.orderId().value()).isPresent()) {
            return;
        }
        orders.save(new SalesOrderView(event.orderId().value(), sequence, event.customer().id().value(),
                event.customer().name(), event.warehouse().value(), event.shippedAt(),
                event.currency().getCurrencyCode(), event.lines().stream()
                .map(line -> new SalesOrderView.Line(line.lineNo(), line.sku().value(), line.category(),
                        line.quantity().value(), 0, line.unitPrice().amount()))
                .toList()));
    }

    @EventHandler
    void on(ReturnQuantityReserved event, @SequenceNumber long sequence) {
        hold(event.orderId().value(), event.lines(), 1, sequence);
    }

    @EventHandler
    void on(ReturnQuantityReleased event, @SequenceNumber long sequence) {
        hold(event.orderId().value(), event.lines(), -1, sequence);
    }

    @ResetHandler
    void reset() {
        orders.deleteAll();
    }

    private void hold(String orderId, List<LineQuantity> lines, int sign, long sequence) {
        orders.inBatch(orderId).filter(order -> order.version() < sequence).ifPresent(order -> {
            Map<Integer, Integer> change = new HashMap<>();
            lines.forEach(line -> change.merge(line.lineNo(), sign * line.quantity().value(), Integer::sum));
            orders.save(new SalesOrderView(order.orderId(), sequence, order.customerId(), order.customerName(),
                    order.warehouse(), order.shippedAt(), order.currency(), order.lines().stream()
                    .map(line -> new SalesOrderView.Line(line.lineNo(), line.sku(), line.category(), line.shipped(),
                            line.reserved() + change.getOrDefault(line.lineNo(), 0), line.unitPrice()))
                    .toList()));
        });
    }
}
