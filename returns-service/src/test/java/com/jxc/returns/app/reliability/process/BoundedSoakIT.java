package com.jxc.returns.app.reliability.process;

import org.springframework.http.HttpHeaders;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.RandomLifecycles;
import com.jxc.returns.app.testing.LifecycleDriver;
import com.fasterxml.jackson.databind.JsonNode;
import com.jxc.returns.app.process.ChildApp;
import com.jxc.returns.app.process.ChildApps;
import com.mongodb.client.MongoClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bounded soak: the real jar with {@code -Xmx256m} on the embedded default takes mixed traffic for a while (default
 * 90 s, {@code -Dsoak.minutes=N} for longer): lifecycle commands from several clients, queries (detail, worklist,
 * stock), read-model rebuilds and an export. The heap used after a full GC, sampled throughout, shows no growth
 * beyond a margin; the log holds no ERROR; and at the end every invariant of the crash scenario holds.
 */
class BoundedSoakIT {

    private static final Duration DURATION = Duration.ofSeconds(
            Math.round(Double.parseDouble(System.getProperty("soak.minutes", "1.5")) * 60));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
    /**
     * Allowed growth of the heap after GC between the first and the last third of the run
     * ({@code -Dsoak.heap-margin-mb}). What is bounded but fills as data and traffic grow (the page caches of both
     * stores, Axon's capacity meters) is made small for the child, so that it is full within the first third and its
     * filling is not taken for growth: with the defaults (event store cache 64 MB, read-model store cache 16 MB, taking
     * about 30 MB of objects, capacity over one minute) they fill over 60 to 90 s at this load.
     */
    private static final long MARGIN_BYTES = Long.getLong("soak.heap-margin-mb", 48) << 20;
    private static final List<String> SMALL_BOUNDED_CACHES = List.of("--returns.mongodb.embedded-cache-mb=2",
            "--returns.metrics.capacity-window=PT10S");
    private static final int EVENT_STORE_CACHE_KB = 4096;
    /** ERROR lines the traffic asks for (none so far: refusals are answered, not logged as errors). */
    private static final List<Pattern> EXPECTED_ERRORS = List.of();
    /** The last line of {@code jcmd GC.class_histogram}: instances and bytes of all live objects. */
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("\\s*Total\\s+\\d+\\s+(\\d+)\\s*");

    @RegisterExtension
    final ChildApps children = new ChildApps();

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void mixedTrafficKeepsHeapBoundedLogCleanAndInvariants() throws Exception {
        Instant began = Instant.now();
        Path work = ChildApp.workDir("soak");
        int mongoPort = ChildApp.freePort();
        ChildApp app = children.start("soak", work.resolve("soak.log"),
                List.of("-Xmx256m"), Stream.concat(Stream.of("--returns.data-dir=" + work.resolve("data"),
                        "--returns.eventstore.url=jdbc:h2:synced:async:" + work.resolve("data").resolve("eventstore")
                                .resolve("events") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE="
                                + EVENT_STORE_CACHE_KB,
                        "--returns.mongodb.embedded-port=" + mongoPort, "--returns.integrity.gap-timeout=5s"),
                        SMALL_BOUNDED_CACHES.stream()).toList());
        app.awaitHealthy(START_TIMEOUT);
        ServiceHttp api = app.http();

        var lifecycles = new RandomLifecycles("SK");
        lifecycles.stockUp(new LifecycleDriver(api));
        AtomicBoolean dying = new AtomicBoolean();
        var commands = lifecycles.start(new LifecycleDriver(api), 3, 42, dying);
        AtomicBoolean stopQueries = new AtomicBoolean();
        Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();
        AtomicInteger badQueries = new AtomicInteger();
        Thread reader = new Thread(() -> readLoop(api, lifecycles, stopQueries, queries, badQueries), "soak-queries");
        reader.start();

        List<Long> heap = new ArrayList<>();
        Instant start = Instant.now();
        Instant end = start.plus(DURATION);
        Instant nextSample = start;
        int rebuilds = 0;
        int exports = 0;
        long exportedBytes = 0;
        while (Instant.now().isBefore(end)) {
            Instant sampleAt = nextSample;
            await("next sample").atMost(SAMPLE_EVERY.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .failFast("service died", () -> !app.isAlive())
                    .until(() -> !Instant.now().isBefore(sampleAt));
            nextSample = nextSample.plus(SAMPLE_EVERY);
            long elapsed = Duration.between(start, Instant.now()).toSeconds();
            heap.add(heapAfterGc(app, api));
            // a rebuild at a third and at two thirds of the run, an export half way
            if (rebuilds < 2 && elapsed >= DURATION.toSeconds() * (rebuilds + 1) / 3) {
                String name = rebuilds == 0 ? "returns" : "ledger";
                var rebuild = api.post("/api/admin/read-models/" + name + "/rebuild", "admin", "");
                assertThat(rebuild.status()).as("rebuild %s under load: %s", name, rebuild).isIn(200, 202);
                rebuilds++;
            }
            if (exports == 0 && elapsed >= DURATION.toSeconds() / 2) {
                var export = api.get("/api/admin/export", "admin", "application/x-ndjson");
                assertThat(export.status()).as("export under load").isEqualTo(200);
                exportedBytes = export.body().getBytes(StandardCharsets.UTF_8).length;
                exports++;
            }
        }
        stopQueries.set(true);
        commands.stopAndWait();
        reader.join(TimeUnit.SECONDS.toMillis(60));
        heap.add(heapAfterGc(app, api));

        List<Long> mb = heap.stream().map(bytes -> bytes >> 20).toList();
        System.out.printf("[soak] %d s of traffic: %d commands acknowledged, %d lifecycles, queries %s, %d rebuilds, "
                        + "%d export(s) (%d KB), refusals %s; heap after GC (MB) %s%n", DURATION.toSeconds(),
                lifecycles.acknowledged(), lifecycles.lifecycles.get(), queries, rebuilds, exports,
                exportedBytes >> 10, lifecycles.refusals, mb);
        assertThat(lifecycles.serverErrors.get()).as("5xx answers to commands").isZero();
        assertThat(badQueries.get()).as("queries not answered 200").isZero();
        assertThat(lifecycles.transportErrors).as("transport errors").isEmpty();
        assertThat(rebuilds).isEqualTo(2);
        assertThat(exports).isEqualTo(1);
        assertHeapBounded(heap);

        EventStoreContents store = Invariants.export(api);
        Invariants.assertAcknowledgedStored(store, lifecycles.acks);
        Invariants.assertNoHalfAppliedCommand(store);
        Invariants.awaitCaughtUp(api, Duration.ofSeconds(180));
        Invariants.assertStockConserved(api, store);
        Invariants.assertLedgerBalanced(api);
        var verified = Invariants.assertAuditVerifies(api, Duration.ofSeconds(90));
        try (MongoClient mongo = Invariants.mongo(mongoPort)) {
            var sizes = Invariants.assertReadModelsEqualRebuild(api, mongo.getDatabase("returns"),
                    Duration.ofSeconds(180));
            System.out.printf("[soak] read models equal their rebuild: %s; audit %s%n", sizes, verified);
        }
        System.out.printf("[soak] largest classes on the heap at the end:%n%s%n", histogram(app, 12));
        List<String> errors = errorLines(app.log());
        assertThat(errors).as("ERROR lines in %s", app.log()).isEmpty();
        assertThat(app.stop(Duration.ofSeconds(30))).as("graceful stop").isIn(0, 143);
        System.out.printf("[soak] done in %d s%n", Duration.between(began, Instant.now()).toSeconds());
    }

    /** Queries as the roles would ask them: a return's detail, the reviewer's worklist, stock levels. */
    private static void readLoop(ServiceHttp api, RandomLifecycles lifecycles, AtomicBoolean stop,
                                 Map<String, AtomicInteger> counts, AtomicInteger bad) {
        Random random = new Random(7);
        while (!stop.get()) {
            try {
                List<String> ids = new ArrayList<>(lifecycles.returnIds);
                ServiceHttp.Response response;
                String kind;
                switch (random.nextInt(3)) {
                    case 0 -> {
                        if (ids.isEmpty()) {
                            continue;
                        }
                        kind = "detail";
                        response = api.get("/api/returns/" + ids.get(random.nextInt(ids.size())), "cs");
                        if (response.status() == 404) {
                            kind = "detail-not-yet-projected"; // eventually consistent: submitted a moment ago
                            response = new ServiceHttp.Response(200, new HttpHeaders(), "");
                        }
                    }
                    case 1 -> {
                        kind = "worklist";
                        response = api.get("/api/returns?waitingFor=me&sort=-requestedAt&size=20", "reviewer");
                    }
                    default -> {
                        kind = "stock";
                        response = api.get("/api/stock-levels?warehouse=WH-SH", "warehouse");
                    }
                }
                counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
                if (response.status() != 200) {
                    bad.incrementAndGet();
                    System.out.printf("[soak] %s answered %s%n", kind, response);
                }
            } catch (Exception e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                bad.incrementAndGet();
                System.out.printf("[soak] query failed: %s%n", e);
            }
        }
    }

    /**
     * The bytes of live objects on the child's heap: {@code jcmd GC.class_histogram} runs a full collection and counts
     * what survived it. (Reading {@code jvm.memory.used} after {@code GC.run} instead also counts whatever the running
     * traffic allocated between the collection and the reading: tens of MB of young garbage at this load, which made
     * single samples jump by 50 MB.) Without jcmd, the heap in use from the actuator, an upper bound.
     */
    private static long heapAfterGc(ChildApp app, ServiceHttp api) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (Files.isExecutable(jcmd)) {
            Process histogram = new ProcessBuilder(jcmd.toString(), Long.toString(app.pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            List<String> lines = new String(histogram.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines().toList();
            assertThat(histogram.waitFor(60, TimeUnit.SECONDS)).as("jcmd GC.class_histogram finished").isTrue();
            for (String line : lines) {
                var total = HISTOGRAM_TOTAL.matcher(line);
                if (total.matches()) {
                    return Long.parseLong(total.group(1));
                }
            }
            throw new AssertionError("no total in the class histogram: " + lines);
        }
        var metric = api.get("/actuator/metrics/jvm.memory.used?tag=area:heap", "admin");
        assertThat(metric.status()).as("%s", metric).isEqualTo(200);
        for (JsonNode measurement : metric.json().path("measurements")) {
            if (measurement.path("statistic").asText().equals("VALUE")) {
                return measurement.path("value").asLong();
            }
        }
        throw new AssertionError("no heap measurement: " + metric);
    }

    /** The top of {@code jcmd GC.class_histogram} (live objects), for the record. */
    private static String histogram(ChildApp app, int rows) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return "(no jcmd)";
        }
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(app.pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .limit(rows + 3L).toList();
        process.waitFor(60, TimeUnit.SECONDS);
        return String.join("\n", lines);
    }

    /** The median of the last third of the samples is no more than a margin above the median of the first third. */
    private static void assertHeapBounded(List<Long> samples) {
        assertThat(samples).as("heap samples").hasSizeGreaterThanOrEqualTo(6);
        int third = samples.size() / 3;
        long early = median(samples.subList(1, 1 + third)); // the first sample is taken before the load warmed up
        long late = median(samples.subList(samples.size() - third, samples.size()));
        System.out.printf("[soak] heap after GC: early median %d MB, late median %d MB, max %d MB%n", early >> 20,
                late >> 20, samples.stream().mapToLong(Long::longValue).max().orElse(0) >> 20);
        assertThat(late).as("heap after GC late in the run (bytes) vs early %d + margin %d", early, MARGIN_BYTES)
                .isLessThanOrEqualTo(early + MARGIN_BYTES);
        assertThat(samples).as("every sample well below -Xmx256m").allMatch(bytes -> bytes <= (192L << 20));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static List<String> errorLines(Path log) throws Exception {
        List<String> errors = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.contains(" ERROR ") && EXPECTED_ERRORS.stream().noneMatch(p -> p.matcher(line).find())) {
                errors.add(line);
            }
        }
        return errors;
    }
}
