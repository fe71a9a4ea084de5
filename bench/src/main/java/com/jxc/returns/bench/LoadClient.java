package com.jxc.returns.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The second process: HTTP load on the running service, JDK only. Prints one {@code RESULT ...} line.
 * <ul>
 *   <li>{@code lifecycles --base=URL --seconds=S (--threads=N | --rate=R) --prefix=P}: order, submit, approve,
 *   receive, inspect, settle over HTTP; closed loop with N threads, or open loop starting R lifecycles/s.</li>
 *   <li>{@code queries --base=URL --seconds=S --rate=R --kind=detail|stock|worklist --returns=PREFIX:COUNT}:
 *   open loop at R requests/s.</li>
 * </ul>
 * Open loop: each request (or lifecycle) has an intended start time on a fixed schedule, and its latency counts from
 * that time, so a stalled server cannot hide its queueing (no coordinated omission).
 */
public final class LoadClient {

    private static final Pattern RETURN_ID = Pattern.compile("\"returnId\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4, daemon("http"))).build();
    private final String base;
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    private volatile String lastError = "";

    private LoadClient(String base) {
        this.base = base;
    }

    public static void main(String[] argv) throws Exception {
        System.out.println("RESULT " + run(argv));
        System.out.flush();
        System.exit(0);
    }

    /** Runs one load and returns its result line (without the RESULT prefix). */
    static String run(String[] argv) throws Exception {
        Args args = new Args(argv);
        var client = new LoadClient(args.get("base", "http://127.0.0.1:8080"));
        String mode = argv.length > 0 ? argv[0] : "";
        return switch (mode) {
            case "lifecycles" -> client.lifecycles(args);
            case "queries" -> client.queries(args);
            default -> throw new IllegalArgumentException("mode lifecycles|queries, not " + mode);
        };
    }

    // ---------------------------------------------------------------- lifecycles

    private String lifecycles(Args args) throws Exception {
        double seconds = args.getDouble("seconds", 10);
        double rate = args.getDouble("rate", 0);
        int threads = (int) args.getLong("threads", 8);
        String prefix = args.get("prefix", "H");
        AtomicLong sequence = new AtomicLong();
        long warmEnd = System.nanoTime() + (long) (args.getDouble("warmup-seconds", 3) * 1e9);
        while (System.nanoTime() < warmEnd) { // a cold JVM and fresh connections are not what is measured
            lifecycle(prefix + "-w" + sequence.incrementAndGet(), new Histo(), 0);
        }
        completed.set(0);
        commands.set(0);
        errors.set(0);
        Histo latency = new Histo();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        if (rate <= 0) {
            ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("client"));
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        lifecycle(prefix + "-" + sequence.incrementAndGet(), latency, 0);
                    }
                    return null;
                });
            }
            pool.shutdown();
            pool.awaitTermination((long) seconds + 120, TimeUnit.SECONDS);
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(64, daemon("client"));
            long period = (long) (1e9 / rate);
            for (long i = 0; ; i++) {
                long intended = start + i * period;
                if (intended >= end) {
                    break;
                }
                sleepUntil(intended);
                pool.submit(() -> lifecycle(prefix + "-" + sequence.incrementAndGet(), latency, intended));
            }
            pool.shutdown();
            pool.awaitTermination(120, TimeUnit.SECONDS);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return "lifecycles=%d commands=%d errors=%d seconds=%.3f %s lastError=%s".formatted(completed.get(),
                commands.get(), errors.get(), elapsed, latency.summary(), lastError.replace(' ', '_'));
    }

    /** One lifecycle; the first command's latency counts from {@code intended} when that is set. */
    private void lifecycle(String orderId, Histo latency, long intended) {
        try {
            int quantity = 1 + ThreadLocalRandom.current().nextInt(3);
            long t0 = intended > 0 ? intended : System.nanoTime();
            post(latency, t0, "integration", "/api/sales-orders", """
                    {"orderId":"%s","customer":{"id":"C-%d","name":"Bench","contact":"bench@example.com"},
                     "warehouse":"WH-SH","shippedAt":"%s","currency":"CNY",
                     "lines":[{"lineNo":1,"sku":"SKU-A","category":"general","quantity":%d,"unitPrice":129.90,
                               "unitCost":60.00}]}""".formatted(orderId, ThreadLocalRandom.current().nextInt(50),
                    Instant.now().minus(Duration.ofDays(3)), quantity), 201);
            String body = post(latency, System.nanoTime(), "cs", "/api/returns", """
                    {"orderId":"%s","lines":[{"lineNo":1,"quantity":%d,"condition":"OPENED"}],
                     "reason":"DISSATISFIED","reasonText":"bench","channel":"HOTLINE","wantedResolution":"REFUND"}"""
                    .formatted(orderId, quantity), 201);
            Matcher matcher = RETURN_ID.matcher(body);
            if (!matcher.find()) {
                throw new IllegalStateException("no returnId in " + body);
            }
            String path = "/api/returns/" + matcher.group(1);
            String lines = "{\"lines\":[{\"lineNo\":1,\"quantity\":%d}]}".formatted(quantity);
            post(latency, System.nanoTime(), "reviewer", path + "/approve", lines, 409);
            post(latency, System.nanoTime(), "warehouse", path + "/receive", lines, 0);
            post(latency, System.nanoTime(), "warehouse", path + "/inspect", """
                    {"lines":[{"lineNo":1,"restocked":%d,"scrapped":0,"repair":0,"returnedToVendor":0,"refused":0}]}"""
                    .formatted(quantity), 0);
            post(latency, System.nanoTime(), "finance", path + "/settle", "{\"method\":\"REFUND\"}", 0);
            completed.incrementAndGet();
        } catch (Exception e) {
            errors.incrementAndGet();
            lastError = e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    /** POSTs and records the latency from {@code t0}; 2xx or {@code alsoOk} pass, anything else throws. */
    private String post(Histo latency, long t0, String user, String path, String json, int alsoOk)
            throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", basic(user))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        latency.recordNanos(System.nanoTime() - t0);
        commands.incrementAndGet();
        int status = response.statusCode();
        if (status / 100 != 2 && status != alsoOk) {
            throw new IllegalStateException(path.replaceAll("/[^/]{20,}/", "/{id}/") + " -> " + status + " "
                    + response.body().substring(0, Math.min(200, response.body().length())));
        }
        return response.body();
    }

    // ---------------------------------------------------------------- queries

    private String queries(Args args) throws Exception {
        double seconds = args.getDouble("seconds", 10);
        double rate = args.getDouble("rate", 500);
        String kind = args.get("kind", "detail");
        String[] returns = args.get("returns", "R-C:1").split(":");
        String returnPrefix = returns[0];
        long returnCount = Long.parseLong(returns[1]);
        int maxInFlight = (int) args.getLong("max-in-flight", 256);

        long warmEnd = System.nanoTime() + (long) (args.getDouble("warmup-seconds", 3) * 1e9);
        while (System.nanoTime() < warmEnd) { // a cold JVM and fresh connections are not what is measured
            http.send(HttpRequest.newBuilder(URI.create(base + path(kind, returnPrefix, returnCount)))
                    .header("Authorization", basic("reviewer")).GET().build(), HttpResponse.BodyHandlers.discarding());
        }
        Histo latency = new Histo();
        Semaphore inFlight = new Semaphore(maxInFlight);
        AtomicLong sent = new AtomicLong();
        AtomicLong notOk = new AtomicLong();
        long period = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long planned = (long) (seconds * rate);
        long giveUp = end + (long) (args.getDouble("grace-seconds", 10) * 1e9);
        for (long i = 0; ; i++) {
            long intended = start + i * period;
            if (intended >= end) {
                break;
            }
            sleepUntil(intended);
            String path = path(kind, returnPrefix, returnCount);
            // a saturated server holds every slot: stop rather than queue for minutes; unsent requests are reported
            if (!inFlight.tryAcquire(Math.max(1, giveUp - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            sent.incrementAndGet();
            http.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                            .header("Authorization", basic("reviewer"))
                            .header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray())
                    .whenComplete((response, failure) -> {
                        latency.recordNanos(System.nanoTime() - intended);
                        inFlight.release();
                        if (failure != null) {
                            errors.incrementAndGet();
                            lastError = failure.toString();
                        } else if (response.statusCode() != (kind.equals("miss") ? 404 : 200)) {
                            notOk.incrementAndGet();
                            lastError = response.statusCode() + " " + path;
                        }
                    });
        }
        long sendEnd = System.nanoTime();
        boolean drained = inFlight.tryAcquire(maxInFlight, 40, TimeUnit.SECONDS);
        double elapsed = (sendEnd - start) / 1e9;
        return "planned=%d sent=%d seconds=%.3f errors=%d notOk=%d drained=%s %s lastError=%s".formatted(planned,
                sent.get(), elapsed, errors.get(), notOk.get(), drained, latency.summary(),
                lastError.replace(' ', '_'));
    }

    private static final List<String> SKUS = List.of("SKU-A", "SKU-B", "SKU-C", "SKU-D");
    private static final List<String> WAREHOUSES = List.of("WH-SH", "WH-BJ");
    private static final List<String> STATES = List.of("SETTLED", "REJECTED", "CANCELLED");

    static String path(String kind, String returnPrefix, long returnCount) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return switch (kind) {
            case "detail" -> "/api/returns/" + returnPrefix + "%07d".formatted(random.nextLong(returnCount));
            case "stock" -> "/api/stock-levels?sku=" + SKUS.get(random.nextInt(SKUS.size())) + "&warehouse="
                    + WAREHOUSES.get(random.nextInt(WAREHOUSES.size()));
            case "miss" -> "/api/returns/NO-SUCH-%07d".formatted(random.nextLong(returnCount));
            case "worklist" -> "/api/returns?state=" + STATES.get(random.nextInt(STATES.size()))
                    + "&sort=-requestedAt&page=" + random.nextInt(5) + "&size=20";
            default -> throw new IllegalArgumentException(kind);
        };
    }

    // ---------------------------------------------------------------- support

    private static void sleepUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
