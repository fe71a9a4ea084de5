package com.jxc.returns.command.salesorder;

import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.RuleViolation;
import com.jxc.returns.api.returnrequest.RequestedLine;
import com.jxc.returns.api.returnrequest.ReturnLine;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.salesorder.AdjustReturnReservationCommand;
import com.jxc.returns.api.salesorder.Customer;
import com.jxc.returns.api.salesorder.LineQuantity;
import com.jxc.returns.api.salesorder.RecordSalesOrderCommand;
import com.jxc.returns.api.salesorder.ReturnQuantityReleased;
import com.jxc.returns.api.salesorder.ReturnQuantityReserved;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.api.salesorder.SalesOrderLine;
import com.jxc.returns.api.salesorder.SalesOrderRecorded;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.command.lines.NamedLines;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A shipped order, as far as returns are concerned. It owns the returnable quantity of each line:
 * the units of all open and completed returns never exceed what was shipped.
 */
@Aggregate(cache = "salesOrderCache")
public class SalesOrder {

    @AggregateIdentifier
    private SalesOrderId orderId;
    private Customer customer;
    private WarehouseId warehouse;
    private Instant shippedAt;
    private Currency currency;
    private Map<Integer, SalesOrderLine> lines;
    private Map<Integer, Integer> reservedByLine;
    private Map<ReturnRequestId, Map<Integer, Integer>> reservationsByReturn;

    SalesOrder() {
    }

    @CommandHandler
    SalesOrder(RecordSalesOrderCommand command) {
        var lineNumbers = new HashSet<Integer>();
        for (SalesOrderLine line : command.lines()) {
            if (!lineNumbers.add(line.lineNo())) {
                throw RuleViolation.invalid("duplicate-order-line", "line " + line.lineNo() + " appears twice");
            }
            if (!line.unitPrice().currency().equals(command.currency())
                    || (line.unitCost() != null && !line.unitCost().currency().equals(command.currency()))) {
                throw RuleViolation.invalid("currency-mismatch",
                        "line " + line.lineNo() + " is not priced in the order currency " + command.currency());
            }
        }
        if (command.lines().isEmpty()) {
            throw RuleViolation.invalid("order-without-lines", "an order needs at least one line");
        }
        apply(new SalesOrderRecorded(command.orderId(), command.customer(), command.warehouse(), command.shippedAt(),
                command.currency(), command.lines()));
    }

    /** Holds units of this order for a return, or refuses if any line has fewer left than asked. */
    public List<ReturnLine> reserve(ReturnRequestId returnId, List<RequestedLine> requested) {
        if (reservationsByReturn.containsKey(returnId)) {
            throw RuleViolation.conflict("return-already-reserved", "return " + returnId + " already holds units");
        }
        if (requested.isEmpty()) {
            throw RuleViolation.invalid("nothing-requested", "a return needs at least one line");
        }
        var wanted = NamedLines.check(requested, RequestedLine::lineNo, lines::containsKey, "unknown-order-line",
                        lineNo -> "order " + orderId + " has no line " + lineNo)
                .noneExceeds(RequestedLine::quantity, lineNo -> Quantity.of(returnable(lineNo)),
                        "quantity-exceeds-returnable", (lineNo, asked, left) -> "line " + lineNo + " of order "
                                + orderId + " has " + left + " units left to return, " + asked + " were asked");
        var reserved = wanted.lines().stream().map(line -> new LineQuantity(line.lineNo(), line.quantity())).toList();
        apply(new ReturnQuantityReserved(orderId, returnId, reserved));
        return requested.stream().map(line -> {
            SalesOrderLine orderLine = lines.get(line.lineNo());
            return new ReturnLine(line.lineNo(), orderLine.sku(), orderLine.category(), line.quantity(),
                    line.condition(), orderLine.unitPrice(), orderLine.unitCost());
        }).toList();
    }

    /** Gives units held by a return back to the order, never more than it holds. */
    private void release(ReturnRequestId returnId, List<LineQuantity> toRelease, String cause) {
        Map<Integer, Integer> held = reservationsByReturn.getOrDefault(returnId, Map.of());
        var released = new ArrayList<LineQuantity>();
        for (LineQuantity line : toRelease) {
            int quantity = Math.min(line.quantity().value(), held.getOrDefault(line.lineNo(), 0));
            if (quantity > 0) {
                released.add(new LineQuantity(line.lineNo(), Quantity.of(quantity)));
            }
        }
        if (!released.isEmpty()) {
            apply(new ReturnQuantityReleased(orderId, returnId, released, cause));
        }
    }

    @CommandHandler
    void handle(AdjustReturnReservationCommand command) {
        Map<Integer, Integer> held = reservationsByReturn.getOrDefault(command.returnId(), Map.of());
        var keep = new HashMap<Integer, Integer>();
        command.keep().forEach(line -> keep.merge(line.lineNo(), line.quantity().value(), Integer::sum));
        var surplus = held.entrySet().stream()
                .filter(e -> e.getValue() > keep.getOrDefault(e.getKey(), 0))
                .map(e -> new LineQuantity(e.getKey(), Quantity.of(e.getValue() - keep.getOrDefault(e.getKey(), 0))))
                .toList();
        release(command.returnId(), surplus, command.cause());
    }

    int returnable(int lineNo) {
        return lines.get(lineNo).quantity().value() - reservedByLine.getOrDefault(lineNo, 0);
    }

    public Customer customer() {
        return customer;
    }

    public WarehouseId warehouse() {
        return warehouse;
    }

    public Instant shippedAt() {
        return shippedAt;
    }

    public Currency currency() {
        return currency;
    }

    @EventSourcingHandler
    void on(SalesOrderRecorded event) {
        orderId = event.orderId();
        customer = event.customer();
        warehouse = event.warehouse();
        shippedAt = event.shippedAt();
        currency = event.currency();
        lines = new HashMap<>();
        event.lines().forEach(line -> lines.put(line.lineNo(), line));
        reservedByLine = new HashMap<>();
        reservationsByReturn = new HashMap<>();
    }

    @EventSourcingHandler
    void on(ReturnQuantityReserved event) {
        var held = reservationsByReturn.computeIfAbsent(event.returnId(), id -> new HashMap<>());
        event.lines().forEach(line -> {
            held.merge(line.lineNo(), line.quantity().value(), Integer::sum);
            reservedByLine.merge(line.lineNo(), line.quantity().value(), Integer::sum);
        });
    }

    @EventSourcingHandler
    void on(ReturnQuantityReleased event) {
        var held = reservationsByReturn.get(event.returnId());
        event.lines().forEach(line -> {
            held.merge(line.lineNo(), -line.quantity().value(), Integer::sum);
            reservedByLine.merge(line.lineNo(), -line.quantity().value(), Integer::sum);
        });
    }
}
