package com.jxc.returns.app.reliability.process;

import com.jxc.returns.app.testing.TestClock;
import com.jxc.returns.app.process.ApiClient;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * Clients driving whole return lifecycles over HTTP along random paths (order → submit → approve or reject or
 * cancel → receive → inspect → settle by each method → feedback; auto-approved and keep-item returns included),
 * remembering every command the service acknowledged with the event type it must have stored for it.
 */
final class HttpLifecycles {

    static final String[] SKUS = {"SKU-A", "SKU-B", "SKU-C", "SKU-D"};
    static final String[] WAREHOUSES = {"WH-SH", "WH-BJ"};
    private static final String[] REASONS = {"QUALITY_DEFECT", "DISSATISFIED", "WRONG_ITEM", "TRANSIT_DAMAGE", "OTHER"};
    private static final String[] CHANNELS = {"ONLINE_FORM", "HOTLINE", "SALES_REP", "IN_STORE"};
    private static final String[] RESOLUTIONS = {"REFUND", "EXCHANGE", "STORE_CREDIT"};
    private static final String[] METHODS = {"REFUND", "STORE_CREDIT", "EXCHANGE"};

    /** A command the service answered 2xx: its aggregate must hold an event of {@code eventType}. */
    record Ack(String aggregateId, String command, String eventType) {
    }

    private final String tag;
    private final AtomicLong ids = new AtomicLong();
    final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> transportErrors = new ConcurrentHashMap<>();
    final AtomicInteger serverErrors = new AtomicInteger();
    final AtomicInteger lifecycles = new AtomicInteger();
    final Queue<String> returnIds = new ConcurrentLinkedQueue<>();

    HttpLifecycles(String tag) {
        this.tag = tag;
    }

    /** Stock for every SKU in every warehouse. */
    void stockUp(ApiClient api) throws IOException, InterruptedException {
        for (String warehouse : WAREHOUSES) {
            String receiptId = "PO-" + tag + "-" + warehouse;
            List<Map<String, Object>> lines = new ArrayList<>();
            for (String sku : SKUS) {
                lines.add(Map.of("sku", sku, "quantity", 100_000, "unitCost", 50.00));
            }
            var response = api.post("/api/purchase-receipts", "integration", Map.of("receiptId", receiptId,
                    "supplier", "深圳电子", "warehouse", warehouse, "receivedAt", "2026-01-01T08:00:00Z",
                    "lines", lines));
            if (response.status() != 201) {
                throw new AssertionError("stocking up: " + response);
            }
            acks.add(new Ack(receiptId, "purchase-receipt", "GoodsReceived"));
        }
    }

    int acknowledged() {
        return acks.size();
    }

    /**
     * Runs {@code clients} threads of lifecycles against {@code api} until {@code stop}; a thread ends at its first
     * transport error once {@code dying} is set (the service is being killed).
     */
    Running start(ApiClient api, int clients, long seed, AtomicBoolean dying) {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Random random = new Random(seed * 31 + c);
            futures.add(pool.submit(() -> {
                while (!stop.get()) {
                    try {
                        runOne(api, random);
                        lifecycles.incrementAndGet();
                    } catch (IOException e) {
                        transportErrors.computeIfAbsent(e.getClass().getSimpleName()
                                + (dying.get() ? " (while killed)" : " (alive)"), k -> new AtomicInteger())
                                .incrementAndGet();
                        if (dying.get()) {
                            return;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }));
        }
        return new Running(stop, pool, futures);
    }

    record Running(AtomicBoolean stop, ExecutorService pool, List<Future<?>> futures) {
        void stopAndWait() throws Exception {
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
    void runOne(ApiClient api, Random random) throws IOException, InterruptedException {
        String orderId = "SO-" + tag + "-" + ids.incrementAndGet();
        String warehouse = WAREHOUSES[random.nextInt(WAREHOUSES.length)];
        int lineCount = 1 + random.nextInt(2);
        List<Map<String, Object>> lines = new ArrayList<>();
        int[] shipped = new int[lineCount + 1];
        for (int i = 1; i <= lineCount; i++) {
            shipped[i] = 1 + random.nextInt(4);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("lineNo", i);
            line.put("sku", SKUS[random.nextInt(SKUS.length)]);
            line.put("category", "cat-" + (i % 2));
            line.put("quantity", shipped[i]);
            line.put("unitPrice", random.nextInt(4) == 0 ? 15.00 : 129.90);
            if (random.nextBoolean()) {
                line.put("unitCost", 60.00);
            }
            lines.add(line);
        }
        Instant shippedAt = TestClock.now().minus(Duration.ofDays(random.nextInt(20))).minusSeconds(3600);
        if (!step(api.post("/api/sales-orders", "integration", Map.of("orderId", orderId,
                "customer", Map.of("id", "C-" + random.nextInt(5), "name", "张三", "contact", "c@example.com"),
                "warehouse", warehouse, "shippedAt", shippedAt.toString(), "currency", "CNY", "lines", lines)),
                orderId, "order", "SalesOrderRecorded")) {
            return;
        }

        int[] requested = new int[lineCount + 1];
        List<Map<String, Object>> requestLines = new ArrayList<>();
        for (int i = 1; i <= lineCount; i++) {
            requested[i] = 1 + random.nextInt(shipped[i]);
            requestLines.add(Map.of("lineNo", i, "quantity", requested[i], "condition", "OPENED"));
        }
        var submitted = api.post("/api/returns", "cs", Map.of("orderId", orderId, "lines", requestLines,
                "reason", REASONS[random.nextInt(REASONS.length)], "reasonText", "random path",
                "channel", CHANNELS[random.nextInt(CHANNELS.length)],
                "wantedResolution", RESOLUTIONS[random.nextInt(RESOLUTIONS.length)]));
        if (!submitted.is2xx()) {
            refused("submit", submitted);
            return;
        }
        String returnId = submitted.json().get("returnId").asText();
        acks.add(new Ack(returnId, "submit", "ReturnRequested"));
        returnIds.add(returnId);
        String path = "/api/returns/" + returnId;

        int route = random.nextInt(12);
        if (route == 0) {
            step(api.post(path + "/reject", "reviewer", Map.of("reason", "not eligible")), returnId, "reject",
                    "ReturnRejected");
            return;
        }
        if (route == 1) {
            return; // left waiting for review
        }
        int[] approved = requested.clone();
        List<Map<String, Object>> approveLines = new ArrayList<>();
        for (int i = 1; i <= lineCount; i++) {
            approved[i] = random.nextBoolean() ? requested[i] : 1 + random.nextInt(requested[i]);
            approveLines.add(Map.of("lineNo", i, "quantity", approved[i]));
        }
        var approval = api.post(path + "/approve", "reviewer", Map.of("lines", approveLines,
                "windowOverrideReason", "late but fine", "comment", "ok"));
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
            step(api.post(path + "/cancel", "cs", Map.of("reason", "changed mind")), returnId, "cancel",
                    "ReturnCancelled");
            return;
        }
        if (route == 3) {
            return; // the goods are on their way
        }
        List<Map<String, Object>> receiveLines = new ArrayList<>();
        int[] arrived = new int[lineCount + 1];
        for (int i = 1; i <= lineCount; i++) {
            arrived[i] = Math.max(1, approved[i] + random.nextInt(3) - 1);
            receiveLines.add(Map.of("lineNo", i, "quantity", arrived[i]));
        }
        var receipt = api.post(path + "/receive", "warehouse", Map.of("lines", receiveLines));
        if (receipt.is2xx()) {
            acks.add(new Ack(returnId, "receive", "ReturnReceived"));
            List<Map<String, Object>> dispositions = new ArrayList<>();
            for (int i = 1; i <= lineCount; i++) {
                int creditable = Math.min(arrived[i], approved[i]);
                int[] split = new int[4];
                for (int unit = 0; unit < creditable; unit++) {
                    split[random.nextInt(4)]++;
                }
                dispositions.add(Map.of("lineNo", i, "restocked", split[0], "scrapped", split[1], "repair", split[2],
                        "returnedToVendor", split[3], "refused", arrived[i] - creditable));
            }
            if (!step(api.post(path + "/inspect", "warehouse", Map.of("lines", dispositions)), returnId, "inspect",
                    "ReturnInspected")) {
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
        Map<String, Object> settlement = method.equals("EXCHANGE")
                ? Map.of("method", method, "exchange", Map.of("sku", SKUS[0], "quantity", 1, "unitPrice", 99.00))
                : Map.of("method", method);
        var settled = api.post(path + "/settle", "finance", settlement);
        if (!settled.is2xx()) {
            refused("settle", settled); // e.g. nothing credited
            return;
        }
        // above the policy's dual-control threshold a settlement is only proposed (202), waiting for a second person
        acks.add(new Ack(returnId, "settle", settled.status() == 202 ? "SettlementProposed" : "ReturnSettled"));
        if (random.nextBoolean()) {
            step(api.post(path + "/feedback", "cs", Map.of("rating", 1 + random.nextInt(5), "comment", "ok")),
                    returnId, "feedback", "FeedbackGiven");
        }
    }

    private boolean step(ApiClient.Response response, String aggregateId, String command, String eventType) {
        if (response.is2xx()) {
            acks.add(new Ack(aggregateId, command, eventType));
            return true;
        }
        refused(command, response);
        return false;
    }

    private void refused(String command, ApiClient.Response response) {
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
