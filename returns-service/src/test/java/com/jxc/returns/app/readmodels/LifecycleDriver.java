package com.jxc.returns.app.readmodels;

import com.jxc.returns.app.testing.TestClock;
import com.jxc.returns.api.common.CustomerId;
import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.RuleViolation;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.purchasing.PurchaseReceiptId;
import com.jxc.returns.api.purchasing.ReceiptLine;
import com.jxc.returns.api.purchasing.RecordPurchaseReceiptCommand;
import com.jxc.returns.api.returnrequest.ApproveReturnCommand;
import com.jxc.returns.api.returnrequest.CancelReturnCommand;
import com.jxc.returns.api.returnrequest.Channel;
import com.jxc.returns.api.returnrequest.FeedbackChannel;
import com.jxc.returns.api.returnrequest.GiveFeedbackCommand;
import com.jxc.returns.api.returnrequest.InspectReturnCommand;
import com.jxc.returns.api.returnrequest.ReceiveReturnCommand;
import com.jxc.returns.api.returnrequest.RejectReturnCommand;
import com.jxc.returns.api.returnrequest.ReportedCondition;
import com.jxc.returns.api.returnrequest.RequestedLine;
import com.jxc.returns.api.returnrequest.Resolution;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.SettleReturnCommand;
import com.jxc.returns.api.returnrequest.SettlementMethod;
import com.jxc.returns.api.returnrequest.SubmitReturnCommand;
import com.jxc.returns.api.salesorder.Customer;
import com.jxc.returns.api.salesorder.LineQuantity;
import com.jxc.returns.api.salesorder.RecordSalesOrderCommand;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.api.salesorder.SalesOrderLine;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Drives whole return lifecycles through the command bus along random paths: auto-approved or reviewed, approved in
 * whole or in part, rejected, cancelled, received with discrepancies, inspected into every disposition, settled by
 * each method, with feedback. Deterministic for a given seed (apart from generated ids and times).
 */
final class LifecycleDriver {

    private static final String[] SKUS = {"SKU-A", "SKU-B", "SKU-C", "SKU-D"};
    private static final String[] WAREHOUSES = {"WH-SH", "WH-BJ"};

    private final CommandGateway commands;
    private final Random random;
    private int sequence;

    LifecycleDriver(CommandGateway commands, long seed) {
        this.commands = commands;
        this.random = new Random(seed);
    }

    void stockUp() {
        for (String warehouse : WAREHOUSES) {
            var lines = new ArrayList<ReceiptLine>();
            for (String sku : SKUS) {
                lines.add(new ReceiptLine(new Sku(sku), Quantity.of(1000), cny("50.00")));
            }
            send(new RecordPurchaseReceiptCommand(new PurchaseReceiptId("PO-" + warehouse + "-" + next()),
                    "supplier", new WarehouseId(warehouse), TestClock.now().minus(Duration.ofDays(60)), lines),
                    "integration", "INTEGRATION");
        }
    }

    /** One order and one return on it, taken down a random path. */
    void runOne() {
        String orderId = "SO-RND-" + next();
        String warehouse = WAREHOUSES[random.nextInt(WAREHOUSES.length)];
        int lineCount = 1 + random.nextInt(2);
        var lines = new ArrayList<SalesOrderLine>();
        for (int i = 1; i <= lineCount; i++) {
            lines.add(new SalesOrderLine(i, new Sku(SKUS[random.nextInt(SKUS.length)]), "cat-" + (i % 2),
                    Quantity.of(1 + random.nextInt(4)), cny(random.nextBoolean() ? "15.00" : "129.90"),
                    random.nextBoolean() ? cny("60.00") : null, List.of()));
        }
        send(new RecordSalesOrderCommand(new SalesOrderId(orderId), new Customer(new CustomerId("C-" +
                random.nextInt(5)), "Customer", "c@example.com"), new WarehouseId(warehouse),
                TestClock.now().minus(Duration.ofDays(random.nextInt(20))), Money.CNY, lines), "integration",
                "INTEGRATION");

        var requested = lines.stream().map(line -> new RequestedLine(line.lineNo(),
                Quantity.of(1 + random.nextInt(line.quantity().value())), ReportedCondition.OPENED)).toList();
        var returnId = new ReturnRequestId("R-RND-" + next());
        ReturnReason reason = ReturnReason.values()[random.nextInt(ReturnReason.values().length)];
        send(new SubmitReturnCommand(returnId, new SalesOrderId(orderId), requested, reason, "random",
                Channel.values()[random.nextInt(Channel.values().length)],
                Resolution.values()[random.nextInt(Resolution.values().length)], new UserId("cs"), TestClock.now()),
                "cs", "CUSTOMER_SERVICE");

        int path = random.nextInt(10);
        if (path == 0) {
            tryCommand(new RejectReturnCommand(returnId, "not eligible", new UserId("reviewer"), TestClock.now()),
                    "reviewer", "REVIEWER");
            return;
        }
        List<LineQuantity> approved = requested.stream().map(line -> new LineQuantity(line.lineNo(),
                Quantity.of(random.nextBoolean() ? line.quantity().value()
                        : 1 + random.nextInt(line.quantity().value())))).toList();
        tryCommand(new ApproveReturnCommand(returnId, approved, "late but fine", null, new UserId("reviewer"),
                TestClock.now()), "reviewer", "REVIEWER");
        if (path == 1) {
            tryCommand(new CancelReturnCommand(returnId, "changed mind", new UserId("cs"), TestClock.now()), "cs",
                    "CUSTOMER_SERVICE");
            return;
        }
        var received = new ArrayList<ReceiveReturnCommand.ReceiptLine>();
        for (LineQuantity line : approved) {
            int arrived = Math.max(1, line.quantity().value() + random.nextInt(3) - 1);
            received.add(new ReceiveReturnCommand.ReceiptLine(line.lineNo(), Quantity.of(arrived), null, null));
        }
        boolean keepsItem = !tryCommand(new ReceiveReturnCommand(returnId, received, new UserId("warehouse"),
                TestClock.now()), "warehouse", "WAREHOUSE");
        if (!keepsItem) {
            var dispositions = new ArrayList<InspectReturnCommand.Disposition>();
            for (int i = 0; i < received.size(); i++) {
                int arrived = received.get(i).quantity().value();
                int authorised = approved.get(i).quantity().value();
                int creditable = Math.min(arrived, authorised);
                int[] split = new int[4];
                for (int unit = 0; unit < creditable; unit++) {
                    split[random.nextInt(4)]++;
                }
                dispositions.add(new InspectReturnCommand.Disposition(received.get(i).lineNo(), Quantity.of(split[0]),
                        Quantity.of(split[1]), Quantity.of(split[2]), Quantity.of(split[3]),
                        Quantity.of(arrived - creditable)));
            }
            send(new InspectReturnCommand(returnId, dispositions, new UserId("warehouse"), TestClock.now()),
                    "warehouse", "WAREHOUSE");
        }
        SettlementMethod method = SettlementMethod.values()[random.nextInt(SettlementMethod.values().length)];
        boolean settled = tryCommand(new SettleReturnCommand(returnId, method,
                        method == SettlementMethod.EXCHANGE ? new Sku(SKUS[0]) : null,
                        method == SettlementMethod.EXCHANGE ? Quantity.of(1) : null,
                        method == SettlementMethod.EXCHANGE ? cny("99.00") : null, new UserId("finance"), TestClock.now()),
                "finance", "FINANCE");
        if (settled && random.nextBoolean()) {
            send(new GiveFeedbackCommand(returnId, 1 + random.nextInt(5), "ok", new UserId("cs"), TestClock.now(),
                            FeedbackChannel.values()[random.nextInt(FeedbackChannel.values().length)], null),
                    "cs", "CUSTOMER_SERVICE");
        }
    }

    /** Sends a command the random path may legitimately have made impossible; true if it was accepted. */
    private boolean tryCommand(Object command, String user, String role) {
        try {
            send(command, user, role);
            return true;
        } catch (RuleViolation refused) {
            return false;
        }
    }

    private void send(Object command, String user, String role) {
        commands.sendAndWait(command, MetaData.with("userId", user).and("userRole", role));
    }

    private int next() {
        return ++sequence;
    }

    private static Money cny(String amount) {
        return Money.of(amount, Money.CNY);
    }
}
