package com.jxc.returns.app.reliability;

import com.jxc.returns.app.testing.LifecycleDriver;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceHttp.Response;

import static com.jxc.returns.app.testing.LifecycleDriver.inspected;
import static com.jxc.returns.app.testing.LifecycleDriver.lines;
import static com.jxc.returns.app.testing.LifecycleDriver.method;

/** Business histories driven over HTTP, shipped recently so that every return is within its window. */
final class ReliabilityScenarios {

    private ReliabilityScenarios() {
    }

    /** {@code quantity} × SKU-1 at 199.00 (cost 100.00), shipped three days ago. */
    static Orders.SalesOrder order(String orderId, int quantity) {
        return Orders.salesOrder(orderId).customerId("C-" + orderId.hashCode() % 7).shippedDaysAgo(3)
                .line("SKU-1", "electronics", quantity, "199.00", "100.00");
    }

    /** An order of 3 units; a return of 2 approved, received, inspected (1 restocked, 1 scrapped), refunded. */
    static String settledReturn(LifecycleDriver lifecycle, String orderId) {
        ok(lifecycle.recordOrder(order(orderId, 3)), "order " + orderId);
        String id = ok(lifecycle.submit(Orders.returnOf(orderId, 2)), "return").json().get("returnId").asText();
        ok(lifecycle.approve(id), "approve");
        ok(lifecycle.receive(id, lines(1, 2)), "receive");
        ok(lifecycle.inspect(id, inspected(1, 1, 1, 0, 0, 0)), "inspect");
        ok(lifecycle.settle(id, method("REFUND")), "settle");
        return id;
    }

    /** The response, once it is known to be 200 or 201. */
    static Response ok(Response response, String what) {
        return response.expect(what, 200, 201);
    }
}
