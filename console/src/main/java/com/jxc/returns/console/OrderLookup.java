package com.jxc.returns.console;

import org.springframework.context.annotation.Profile;
import com.jxc.returns.api.common.Identifiers;
import com.jxc.returns.api.salesorder.LineQuantity;
import com.jxc.returns.api.salesorder.ReturnQuantityReleased;
import com.jxc.returns.api.salesorder.ReturnQuantityReserved;
import com.jxc.returns.api.salesorder.SalesOrderLine;
import com.jxc.returns.api.salesorder.SalesOrderRecorded;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A shipped order's lines and what is still returnable of each, read from the order's own events (no read model of
 * orders exists): shipped minus what open and completed returns hold. Only a hint for the form; the order aggregate
 * decides when the return is submitted.
 */
@Profile("!command")
@Component
class OrderLookup {

    private static final Pattern ID = Pattern.compile(Identifiers.PATTERN);

    private final EventStore events;

    OrderLookup(EventStore events) {
        this.events = events;
    }

    record Order(String orderId, String customerId, String customerName, String warehouse, Instant shippedAt,
                 String currency, List<Line> lines) {
    }

    record Line(int lineNo, String sku, String category, int shipped, int returnable, BigDecimal unitPrice) {
    }

    static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    Optional<Order> find(String orderId) {
        if (!validId(orderId)) {
            return Optional.empty();
        }
        SalesOrderRecorded recorded = null;
        Map<Integer, Integer> reserved = new HashMap<>();
        var stream = events.readEvents(orderId);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            Object payload = message.getPayload();
            if (payload instanceof SalesOrderRecorded e) {
                recorded = e;
            } else if (payload instanceof ReturnQuantityReserved e) {
                add(reserved, e.lines(), 1);
            } else if (payload instanceof ReturnQuantityReleased e) {
                add(reserved, e.lines(), -1);
            }
        }
        if (recorded == null) {
            return Optional.empty();
        }
        List<Line> lines = recorded.lines().stream().map(line -> line(line, reserved)).toList();
        return Optional.of(new Order(recorded.orderId().value(), recorded.customer().id().value(),
                recorded.customer().name(), recorded.warehouse().value(), recorded.shippedAt(),
                recorded.currency().getCurrencyCode(), lines));
    }

    private static Line line(SalesOrderLine line, Map<Integer, Integer> reserved) {
        int shipped = line.quantity().value();
        return new Line(line.lineNo(), line.sku().value(), line.category(), shipped,
                Math.max(0, shipped - reserved.getOrDefault(line.lineNo(), 0)), line.unitPrice().amount());
    }

    private static void add(Map<Integer, Integer> reserved, List<LineQuantity> lines, int sign) {
        lines.forEach(line -> reserved.merge(line.lineNo(), sign * line.quantity().value(), Integer::sum));
    }
}
