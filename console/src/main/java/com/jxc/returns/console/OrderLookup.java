package com.jxc.returns.console;

import com.jxc.returns.api.query.FindSalesOrderQuery;
import com.jxc.returns.api.query.SalesOrderView;
import com.jxc.returns.api.salesorder.SalesOrderId;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A shipped order's lines and what is still returnable of each, from the sales-orders read model
 * ({@code FindSalesOrderQuery}): shipped minus what open and completed returns hold. Only a hint for the form; the
 * order aggregate decides when the return is submitted.
 */
@Profile("!command")
@Component
class OrderLookup {

    private final QueryGateway queries;

    OrderLookup(QueryGateway queries) {
        this.queries = queries;
    }

    record Order(String orderId, String customerId, String customerName, String warehouse, Instant shippedAt,
                 String currency, List<Line> lines) {
    }

    record Line(int lineNo, String sku, String category, int shipped, int returnable, BigDecimal unitPrice) {
    }

    Optional<Order> find(String orderId) {
        if (!ConsoleForms.validId(orderId)) {
            return Optional.empty();
        }
        return queries.query(new FindSalesOrderQuery(new SalesOrderId(orderId)),
                ResponseTypes.optionalInstanceOf(SalesOrderView.class)).join().map(OrderLookup::order);
    }

    private static Order order(SalesOrderView order) {
        return new Order(order.orderId(), order.customerId(), order.customerName(), order.warehouse(),
                order.shippedAt(), order.currency(), order.lines().stream()
                .map(line -> new Line(line.lineNo(), line.sku(), line.category(), line.shipped(), line.returnable(),
                        line.unitPrice()))
                .toList());
    }
}
