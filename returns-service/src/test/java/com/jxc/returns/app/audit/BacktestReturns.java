package com.jxc.returns.app.audit;

import com.jxc.returns.app.testing.LifecycleDriver;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceHttp;

/** Returns taken through the API for the backtest tests: one single-line order, its return, and its settlement. */
public final class BacktestReturns {

    private BacktestReturns() {
    }

    public static String returnOf(ServiceHttp http, String order, int shippedDaysAgo, String price, int quantity,
                                  String reason) {
        return new LifecycleDriver(http).orderAndSubmit(
                Orders.salesOrder(order).shippedDaysAgo(shippedDaysAgo).line("SKU-" + order, "general", quantity, price),
                Orders.returnOf(order).line(1, quantity, "DEFECTIVE").reason(reason));
    }

    public static void settle(ServiceHttp http, String id, int quantity, boolean review) {
        new LifecycleDriver(http).receiveRestockAndRefund(id, quantity, review);
    }
}
