package com.jxc.returns.query.salesorder;

import com.jxc.returns.api.query.FindSalesOrderQuery;
import com.jxc.returns.api.query.SalesOrderView;
import com.jxc.returns.projection.salesorder.SalesOrderViewRepository;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Shipped orders and what is still returnable of their lines, from the sales-orders read model. */
@Component
class SalesOrderQueries {

    private final SalesOrderViewRepository orders;

    SalesOrderQueries(SalesOrderViewRepository orders) {
        this.orders = orders;
    }

    @QueryHandler
    Optional<SalesOrderView> handle(FindSalesOrderQuery query) {
        return orders.find(query.orderId().value());
    }
}
