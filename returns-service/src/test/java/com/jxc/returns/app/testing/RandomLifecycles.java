package com.jxc.returns.app.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jxc.returns.app.testing.ServiceHttp.Response;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whole return lifecycles along random paths, taken with the {@link LifecycleDriver}'s steps (order → submit →
 * approve or reject or cancel → receive → inspect → settle by each method → feedback; auto-approved and keep-item
 * returns included), remembering every command the service acknowledged with the event type it must have stored
 * for it. One at a time ({@link #runOne}) or by client threads until stopped ({@link #start}).
 */
public final class RandomLifecycles {

    public static final String[] SKUS = {"SKU-A", "SKU-B", "SKU-C", "SKU-D"};
    public static final String[] WAREHOUSES = {"WH-SH", "WH-BJ"};
    private static final String[] REASONS = {"QUALITY_DEFECT", "DISSATISFIED", "WRONG_ITEM", "TRANSIT_DAMAGE", "OTHER"};
    private static final String[] CHANNELS = {"ONLINE_FORM", "HOTLINE", "SALES_REP", "IN_STORE"};
    private static final String[] RESOLUTIONS = {"REFUND", "EXCHANGE", "STORE_CREDIT"};
    private static final String[] METHODS = {"REFUND", "STORE_CREDIT", "EXCHANGE"};
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A command the service answered 2xx: its aggregate must hold an event of {@code eventType}. */
    public record Ack(String aggregateId, String command, String eventType) {
    }

    private final String tag;
    private final AtomicLong ids = new AtomicLong();
    public final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    public final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
    public final Map<String, AtomicInteger> transportErrors = new ConcurrentHashMap<>();
    public final AtomicInteger serverErrors = new AtomicInteger();
    public final AtomicInteger lifecycles = new AtomicInteger();
    public final Queue<String> returnIds = new ConcurrentLinkedQueue<>();

    /** {@code tag} goes into every id, so that runs against one store never collide. */
    public RandomLifecycles(String tag) {
        this.tag = tag;
    }

    /** Stock for every SKU in every warehouse, received 60 days ago. */
    public void stockUp(LifecycleDriver driver) {
        for (String warehouse : WAREHOUSES) {
            String receiptId = "PO-" + tag + "-" + warehouse;
            Orders.PurchaseReceipt receipt = Orders.purchaseReceipt(receiptId).warehouse(warehouse)
                    .receivedAt(TestClock.daysAgo(60));
            for (String sku : SKUS) {
                receipt.line(sku, 100_000, "50.00");
            }
            var response = driver.receivePurchase(receipt);
            if (response.status() != 201) {
                throw new AssertionError("stocking up: " + response);
            }
            acks.add(new Ack(receiptId, "purchase-receipt", "GoodsReceived"));
        }
    }

    /** {@code count} lifecycles one after another, their paths drawn from {@code seed}. */
    public void runOneAfterAnother(LifecycleDriver driver, int count, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            runOne(driver, random);
        }
    }

    public int acknowledged() {
        return acks.size();
    }

    /**
     * Runs {@code clients} threads of lifecycles through {@code driver} until stopped; a thread ends at its first
     * transport error once {@code dying} is set (the service is being killed).
     */
    public Running start(LifecycleDriver driver, int clients, long seed, AtomicBoolean dying) {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Random random = new Random(seed * 31 + c);
            futures.add(pool.submit(() -> {
                while (!stop.get() && !Thread.currentThread().isInterrupted()) {
                    try {
                        runOne(driver, random);
                        lifecycles.incrementAndGet();
                    } catch (IllegalStateException interrupted) {
                        if (Thread.currentThread().isInterrupted()) {
                            return;
                        }
                        throw interrupted;
                    } catch (UncheckedIOException e) {
                        transportErrors.computeIfAbsent(e.getCause().getClass().getSimpleName()
                                + (dying.get() ? " (while killed)" : " (alive)"), k -> new AtomicInteger())
                                .incrementAndGet();
                        if (dying.get()) {
                            return;
                        }
                    }
                }
            }));
        }
        return new Running(stop, pool, futures);
    }

    public record Running(AtomicBoolean stop, ExecutorService pool, List<Future<?>> futures) {
        public void stopAndWait() throws Exception {
            stop.set(true);
            pool.shutdown();
            if (!pool.awaitTermination(90, TimeUnit.SECONDS)) {
                pool.shutdownNow();
                throw new AssertionError("clients did not stop");
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
    }

    /** One order and one return on it, down a random path; refusals the path asked for are counted, not failed. */
    public void runOne(LifecycleDriver driver, Random random) {
        String orderId = "SO-" + tag + "-" + ids.incrementAndGet();
        String warehouse = WAREHOUSES[random.nextInt(WAREHOUSES.length)];
        int lineCount = 1 + random.nextInt(2);
        Orders.SalesOrder order = Orders.salesOrder(orderId).warehouse(warehouse);
        int[] shipped = new int[lineCount + 1];
        for (int i = 1; i <= lineCount; i++) {
            shipped[i] = 1 + random.nextInt(4);
            order.line(SKUS[random.nextInt(SKUS.length)], "cat-" + (i % 2), shipped[i],
                    random.nextInt(4) == 0 ? "15.00" : "129.90", random.nextBoolean() ? "60.00" : null);
        }
        Instant shippedAt = TestClock.now().minus(Duration.ofDays(random.nextInt(20))).minusSeconds(3600);
        order.shippedAt(shippedAt).customer("C-" + random.nextInt(5), "张三", "c@example.com");
        if (!step(driver.recordOrder(order), orderId, "order", "SalesOrderRecorded")) {
            return;
        }

        int[] requested = new int[lineCount + 1];
        Orders.ReturnRequest request = Orders.returnOf(orderId);
        for (int i = 1; i <= lineCount; i++) {
            requested[i] = 1 + random.nextInt(shipped[i]);
            request.line(i, requested[i], "OPENED");
        }
        request.reason(REASONS[random.nextInt(REASONS.length)]).reasonText("random path")
                .channel(CHANNELS[random.nextInt(CHANNELS.length)])
                .wants(RESOLUTIONS[random.nextInt(RESOLUTIONS.length)]);
        var submitted = driver.submit(request);
        if (!submitted.is2xx()) {
            refused("submit", submitted);
            return;
        }
        String returnId = submitted.json().get("returnId").asText();
        acks.add(new Ack(returnId, "submit", "ReturnRequested"));
        returnIds.add(returnId);

        int route = random.nextInt(12);
        if (route == 0) {
            step(driver.reject(returnId, "not eligible"), returnId, "reject", "ReturnRejected");
            return;
        }
        if (route == 1) {
            return; // left waiting for review
        }
        int[] approved = requested.clone();
        int[] approveLines = new int[lineCount * 2];
        for (int i = 1; i <= lineCount; i++) {
            approved[i] = random.nextBoolean() ? requested[i] : 1 + random.nextInt(requested[i]);
            approveLines[2 * i - 2] = i;
            approveLines[2 * i - 1] = approved[i];
        }
        var approval = driver.approve(returnId, LifecycleDriver.lines(approveLines)
                .put("windowOverrideReason", "late but fine").put("comment", "ok"));
        if (approval.is2xx()) {
            acks.add(new Ack(returnId, "approve", "ReturnApproved"));
            acks.add(new Ack(returnId, "approve", "ReturnOrderIssued"));
        } else if (approval.status() == 409) {
            approved = requested; // approved automatically on submission, in whole
            count("approve-already-auto-approved-409");
        } else {
            refused("approve", approval);
            return;
        }
        if (route == 2) {
            step(driver.cancel(returnId, "changed mind"), returnId, "cancel", "ReturnCancelled");
            return;
        }
        if (route == 3) {
            return; // the goods are on their way
        }
        int[] arrived = new int[lineCount + 1];
        int[] receiveLines = new int[lineCount * 2];
        for (int i = 1; i <= lineCount; i++) {
            arrived[i] = Math.max(1, approved[i] + random.nextInt(3) - 1);
            receiveLines[2 * i - 2] = i;
            receiveLines[2 * i - 1] = arrived[i];
        }
        var receipt = driver.receive(returnId, LifecycleDriver.lines(receiveLines));
        if (receipt.is2xx()) {
            acks.add(new Ack(returnId, "receive", "ReturnReceived"));
            ObjectNode inspection = NODES.objectNode();
            ArrayNode dispositions = inspection.putArray("lines");
            for (int i = 1; i <= lineCount; i++) {
                int creditable = Math.min(arrived[i], approved[i]);
                int[] split = new int[4];
                for (int unit = 0; unit < creditable; unit++) {
                    split[random.nextInt(4)]++;
                }
                dispositions.add(LifecycleDriver.disposition(i, split[0], split[1], split[2], split[3],
                        arrived[i] - creditable));
            }
            if (!step(driver.inspect(returnId, inspection), returnId, "inspect", "ReturnInspected")) {
                return;
            }
        } else if (receipt.status() == 409) {
            count("receive-keep-item-409"); // below the keep-item threshold: settled without receipt
        } else {
            refused("receive", receipt);
            return;
        }
        if (route == 4) {
            return; // waiting for finance
        }
        String method = METHODS[random.nextInt(METHODS.length)];
        ObjectNode settlement = LifecycleDriver.method(method);
        if (method.equals("EXCHANGE")) {
            settlement.putObject("exchange").put("sku", SKUS[0]).put("quantity", 1).put("unitPrice", 99.00);
        }
        var settled = driver.settle(returnId, settlement);
        if (!settled.is2xx()) {
            refused("settle", settled); // e.g. nothing credited
            return;
        }
        // above the policy's dual-control threshold a settlement is only proposed (202), waiting for a second person
        acks.add(new Ack(returnId, "settle", settled.status() == 202 ? "SettlementProposed" : "ReturnSettled"));
        if (random.nextBoolean()) {
            step(driver.feedback(returnId, LifecycleDriver.rating(1 + random.nextInt(5)).put("comment", "ok")),
                    returnId, "feedback", "FeedbackGiven");
        }
    }

    private boolean step(Response response, String aggregateId, String command, String eventType) {
        if (response.is2xx()) {
            acks.add(new Ack(aggregateId, command, eventType));
            return true;
        }
        refused(command, response);
        return false;
    }

    private void refused(String command, Response response) {
        if (response.status() >= 500) {
            serverErrors.incrementAndGet();
            System.out.printf("[lifecycles] %s answered %s%n", command, response);
        }
        String rule = "";
        if (response.contentType().contains("json")) {
            try {
                rule = response.json().path("rule").asText("");
            } catch (AssertionError notJson) {
                rule = "";
            }
        }
        count(command + "-" + response.status() + (rule.isEmpty() ? "" : "-" + rule));
    }

    private void count(String kind) {
        refusals.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }
}
