package com.jxc.returns.bench;

import com.jxc.returns.api.common.CustomerId;
import com.jxc.returns.api.common.MetadataKeys;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Return lifecycles through the command bus, as the service's own command handlers receive them (the same commands
 * and metadata the HTTP layer sends). {@link #full} is the benchmark's unit of work; {@link #random} takes every
 * path (rejected, cancelled, partly approved, discrepancies, every disposition and settlement method, feedback) and
 * feeds the templates of the generated store.
 */
final class Lifecycles {

    static final String[] SKUS = {"SKU-A", "SKU-B", "SKU-C", "SKU-D"};
    static final String[] WAREHOUSES = {"WH-SH", "WH-BJ"};

    private final CommandGateway commands;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    volatile String lastFailure = "";

    Lifecycles(CommandGateway commands) {
        this.commands = commands;
    }

    void stockUp(String tag) {
        for (String warehouse : WAREHOUSES) {
            var lines = new ArrayList<ReceiptLine>();
            for (String sku : SKUS) {
                lines.add(new ReceiptLine(new Sku(sku), Quantity.of(100_000), cny("50.00")));
            }
            send(new RecordPurchaseReceiptCommand(new PurchaseReceiptId("PO-" + tag + "-" + warehouse), "supplier",
                    new WarehouseId(warehouse), Instant.now().minus(Duration.ofDays(60)), lines), "integration",
                    "INTEGRATION", null, 0);
        }
    }

    /**
     * Sales order, then submit, approve, receive, inspect and settle its return. The first command's latency counts
     * from {@code intendedStart} (nanoTime) when it is positive: open-loop load without coordinated omission.
     * Returns true if the lifecycle completed.
     */
    boolean full(String orderId, String returnId, Random random, Histo latency, long intendedStart) {
        try {
            int quantity = 1 + random.nextInt(3);
            String warehouse = WAREHOUSES[random.nextInt(WAREHOUSES.length)];
            var line = new SalesOrderLine(1, new Sku(SKUS[random.nextInt(SKUS.length)]), "general",
                    Quantity.of(quantity), cny("129.90"), cny("60.00"), List.of());
            send(new RecordSalesOrderCommand(new SalesOrderId(orderId), new Customer(new CustomerId("C-"
                    + random.nextInt(50)), "Bench", "bench@example.com"), new WarehouseId(warehouse),
                    Instant.now().minus(Duration.ofDays(3)), Money.CNY, List.of(line)), "integration", "INTEGRATION",
                    latency, intendedStart);
            var id = new ReturnRequestId(returnId);
            send(new SubmitReturnCommand(id, new SalesOrderId(orderId), List.of(new RequestedLine(1,
                            Quantity.of(quantity), ReportedCondition.OPENED)), ReturnReason.DISSATISFIED, "bench",
                            Channel.HOTLINE, Resolution.REFUND, new UserId("cs"), Instant.now()), "cs",
                    "CUSTOMER_SERVICE", latency, 0);
            tryCommand(new ApproveReturnCommand(id, List.of(new LineQuantity(1, Quantity.of(quantity))), "ok", null,
                    new UserId("reviewer"), Instant.now()), "reviewer", "REVIEWER", latency);
            send(new ReceiveReturnCommand(id, List.of(new ReceiveReturnCommand.ReceiptLine(1, Quantity.of(quantity),
                    null, null)), new UserId("warehouse"), Instant.now()), "warehouse", "WAREHOUSE", latency, 0);
            send(new InspectReturnCommand(id, List.of(new InspectReturnCommand.Disposition(1, Quantity.of(quantity),
                            Quantity.of(0), Quantity.of(0), Quantity.of(0), Quantity.of(0))), new UserId("warehouse"),
                    Instant.now()), "warehouse", "WAREHOUSE", latency, 0);
            send(new SettleReturnCommand(id, random.nextBoolean() ? SettlementMethod.REFUND
                    : SettlementMethod.STORE_CREDIT, null, null, null, new UserId("finance"), Instant.now()),
                    "finance", "FINANCE", latency, 0);
            return true;
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            lastFailure = e.toString();
            return false;
        }
    }

    /** One order and one return on it down a random path (as the read-model rebuild test drives them). */
    void random(String orderId, String returnId, Random random) {
        String warehouse = WAREHOUSES[random.nextInt(WAREHOUSES.length)];
        int lineCount = 1 + random.nextInt(2);
        var lines = new ArrayList<SalesOrderLine>();
        for (int i = 1; i <= lineCount; i++) {
            lines.add(new SalesOrderLine(i, new Sku(SKUS[random.nextInt(SKUS.length)]), "cat-" + (i % 2),
                    Quantity.of(1 + random.nextInt(4)), cny(random.nextBoolean() ? "15.00" : "129.90"),
                    random.nextBoolean() ? cny("60.00") : null, List.of()));
        }
        send(new RecordSalesOrderCommand(new SalesOrderId(orderId), new Customer(new CustomerId("C-"
                + random.nextInt(500)), "Customer", "c@example.com"), new WarehouseId(warehouse),
                Instant.now().minus(Duration.ofDays(random.nextInt(20))), Money.CNY, lines), "integration",
                "INTEGRATION", null, 0);
        var requested = lines.stream().map(line -> new RequestedLine(line.lineNo(),
                Quantity.of(1 + random.nextInt(line.quantity().value())), ReportedCondition.OPENED)).toList();
        var id = new ReturnRequestId(returnId);
        send(new SubmitReturnCommand(id, new SalesOrderId(orderId), requested,
                ReturnReason.values()[random.nextInt(ReturnReason.values().length)], "random",
                Channel.values()[random.nextInt(Channel.values().length)],
                Resolution.values()[random.nextInt(Resolution.values().length)], new UserId("cs"), Instant.now()),
                "cs", "CUSTOMER_SERVICE", null, 0);
        int path = random.nextInt(10);
        if (path == 0) {
            tryCommand(new RejectReturnCommand(id, "not eligible", new UserId("reviewer"), Instant.now()),
                    "reviewer", "REVIEWER", null);
            return;
        }
        List<LineQuantity> approved = requested.stream().map(line -> new LineQuantity(line.lineNo(),
                Quantity.of(random.nextBoolean() ? line.quantity().value()
                        : 1 + random.nextInt(line.quantity().value())))).toList();
        tryCommand(new ApproveReturnCommand(id, approved, "late but fine", null, new UserId("reviewer"),
                Instant.now()), "reviewer", "REVIEWER", null);
        if (path == 1) {
            tryCommand(new CancelReturnCommand(id, "changed mind", new UserId("cs"), Instant.now()), "cs",
                    "CUSTOMER_SERVICE", null);
            return;
        }
        var received = new ArrayList<ReceiveReturnCommand.ReceiptLine>();
        for (LineQuantity line : approved) {
            int arrived = Math.max(1, line.quantity().value() + random.nextInt(3) - 1);
            received.add(new ReceiveReturnCommand.ReceiptLine(line.lineNo(), Quantity.of(arrived), null, null));
        }
        boolean keepsItem = !tryCommand(new ReceiveReturnCommand(id, received, new UserId("warehouse"),
                Instant.now()), "warehouse", "WAREHOUSE", null);
        if (!keepsItem) {
            var dispositions = new ArrayList<InspectReturnCommand.Disposition>();
            for (int i = 0; i < received.size(); i++) {
                int arrived = received.get(i).quantity().value();
                int creditable = Math.min(arrived, approved.get(i).quantity().value());
                int[] split = new int[4];
                for (int unit = 0; unit < creditable; unit++) {
                    split[random.nextInt(4)]++;
                }
                dispositions.add(new InspectReturnCommand.Disposition(received.get(i).lineNo(), Quantity.of(split[0]),
                        Quantity.of(split[1]), Quantity.of(split[2]), Quantity.of(split[3]),
                        Quantity.of(arrived - creditable)));
            }
            tryCommand(new InspectReturnCommand(id, dispositions, new UserId("warehouse"), Instant.now()),
                    "warehouse", "WAREHOUSE", null);
        }
        SettlementMethod method = SettlementMethod.values()[random.nextInt(SettlementMethod.values().length)];
        boolean settled = tryCommand(new SettleReturnCommand(id, method,
                method == SettlementMethod.EXCHANGE ? new Sku(SKUS[0]) : null,
                method == SettlementMethod.EXCHANGE ? Quantity.of(1) : null,
                method == SettlementMethod.EXCHANGE ? cny("99.00") : null, new UserId("finance"), Instant.now()),
                "finance", "FINANCE", null);
        if (settled && random.nextBoolean()) {
            tryCommand(new GiveFeedbackCommand(id, 1 + random.nextInt(5), "ok", new UserId("cs"), Instant.now()),
                    "cs", "CUSTOMER_SERVICE", null);
        }
    }

    private boolean tryCommand(Object command, String user, String role, Histo latency) {
        try {
            send(command, user, role, latency, 0);
            return true;
        } catch (RuleViolation refused) {
            return false;
        }
    }

    private void send(Object command, String user, String role, Histo latency, long intendedStart) {
        long t0 = intendedStart > 0 ? intendedStart : System.nanoTime();
        try {
            commands.sendAndWait(command, MetaData.with(MetadataKeys.USER_ID, user).and(MetadataKeys.USER_ROLE, role));
        } finally {
            sent.incrementAndGet();
            if (latency != null) {
                latency.recordNanos(System.nanoTime() - t0);
            }
        }
    }

    private static Money cny(String amount) {
        return Money.of(amount, Money.CNY);
    }
}
