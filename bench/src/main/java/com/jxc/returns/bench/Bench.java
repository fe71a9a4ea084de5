package com.jxc.returns.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.api.EventTypes;
import com.jxc.returns.api.returnrequest.ReturnOrderNumber;
import com.jxc.returns.projection.schema.ReadModelSchema;
import com.jxc.returns.projection.returns.ReturnWorklist;
import com.jxc.returns.projection.support.ReadModels;
import com.jxc.returns.platform.storage.EmbeddedMongoServer;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import com.jxc.returns.query.admin.ReadModelAdministration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The benchmark of the returns service on its embedded default (H2 event store with WRITE_DELAY=0, embedded
 * MongoDB-compatible read-model store), every figure against a limit measured in the same run.
 *
 * <p>{@code java -Xmx256m -jar bench/target/bench.jar [--quick] [--events=N] ...} re-launches itself in a child JVM
 * (same JVM options, default {@code -Xmx256m}) on the class path of the service's executable jar through Spring
 * Boot's {@code PropertiesLauncher}, so everything runs on exactly the code and libraries that ship; the service is
 * started in that JVM with {@link SpringApplicationBuilder}. HTTP load comes from a third JVM ({@link LoadClient}).
 * {@code --only=commands} runs the command-path section alone, {@code --only=rebuild} the store generation and the
 * rebuild runs (no queries), {@code --skip-http} leaves out the command path's HTTP runs.
 */
public final class Bench {

    private static final String APP = "com.jxc.returns.app.ReturnsApplication";
    private static final String KEEPER = "reservation-keeper";

    private final Args args;
    private final Report report = new Report();
    private final Path work;
    private final boolean quick;
    private final boolean toy;
    private final long targetEvents;
    private final long minReturns;
    private final double commandSeconds;
    private final double windowSeconds;
    private final double querySeconds;
    private final double queryRate;
    private final int templateCount;
    private final String benchJar;

    // limits and figures shared between phases
    private double rawEachRow = Double.NaN;
    private double rawBatch = Double.NaN;
    private double rawScan = Double.NaN;
    private double allTogether = Double.NaN;
    /** The service's first rebuild of every read model in one pass, on code the JIT has not compiled yet. */
    private double firstPass = Double.NaN;
    private final Map<String, Double> writeBound = new LinkedHashMap<>();
    private long storeEvents;
    private long clones;
    private final Map<String, Double> aloneDefault = new LinkedHashMap<>();
    private final Map<String, Double> aloneAxonDefaults = new LinkedHashMap<>();
    private final Map<String, Double> resetSeconds = new LinkedHashMap<>();
    private final Map<String, String> cpuPerLifecycle = new LinkedHashMap<>();

    public static void main(String[] argv) {
        int exit = 0;
        try {
            new Bench(new Args(argv)).run();
        } catch (Throwable e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    // ------------------------------------------------------------------------------------------------ set-up

    private Bench(Args args) throws IOException {
        this.args = args;
        this.quick = args.has("quick");
        this.toy = args.has("toy");
        this.targetEvents = args.getLong("events", toy ? 2_000 : quick ? 100_000 : 1_000_000);
        this.minReturns = args.getLong("returns", toy || quick ? 0 : 100_000);
        this.commandSeconds = args.getDouble("command-seconds", toy ? 1.5 : quick ? 8 : 30);
        this.windowSeconds = args.getDouble("window-seconds", toy ? 1.5 : quick ? 8 : 45);
        this.querySeconds = args.getDouble("query-seconds", toy ? 1.5 : quick ? 8 : 30);
        this.queryRate = args.getDouble("query-rate", toy ? 50 : 500);
        this.templateCount = (int) args.getLong("templates", toy ? 20 : quick ? 200 : 500);
        this.benchJar = args.get("bench-jar", "");
        this.work = args.has("work-dir") ? Files.createDirectories(Path.of(args.get("work-dir", "")))
                : Files.createTempDirectory("returns-bench-");
    }

    private void run() throws Exception {
        long start = System.nanoTime();
        header();
        System.out.println("[bench] work directory " + work);
        String only = args.get("only", "all");
        if (!List.of("all", "commands", "rebuild").contains(only)) {
            throw new IllegalArgumentException("--only=" + only + ": expected all, commands or rebuild");
        }
        if (!only.equals("rebuild")) {
            phase("Command path", this::commandPath);
        }
        if (only.equals("rebuild")) {
            phase("Rebuild", this::generateStore);
            phase("Rebuild", this::rawScan);
            phase("Rebuild", this::serviceOnGeneratedStore);
            if (!onePassOnly()) {
                phase("Rebuild", this::rebuildAllAgainSharedAndUnshared);
            }
        }
        if (only.equals("all")) {
            phase("Rebuild", this::generateStore);
            phase("Rebuild", this::rawScan);
            phase("Rebuild", this::serviceOnGeneratedStore);
            phase("Rebuild", this::rebuildAllAgainSharedAndUnshared);
            phase("Footprint", this::disk);
            phase("Rebuild", this::axonDefaults);
            phase("Rebuild", this::rebuildRatios);
        }
        report.note("Run", "benchmark took %.1f min; old-generation peak occupancy (garbage included, not live data) %s MB of %s MB max heap; no OutOfMemoryError".formatted(
                (System.nanoTime() - start) / 6e10, Report.fmt(peakHeapMb()),
                Report.fmt(Runtime.getRuntime().maxMemory() / 1048576.0)));
        Path out = Path.of(args.get("out", "BENCHMARKS.md")).toAbsolutePath();
        report.write(out);
        System.out.println("[bench] wrote " + out);
        if (!args.has("keep")) {
            deleteTree(work);
        }
    }

    private interface Phase {
        void run() throws Exception;
    }

    private void phase(String section, Phase phase) {
        try {
            phase.run();
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            report.note(section, "FAILED: " + e);
            if (toy) {
                throw new IllegalStateException("phase failed in the smoke run", e);
            }
        }
    }

    private void header() throws IOException {
        String cpu = "unknown";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceFirst(".*:\\s*", ""))
                    .orElse(cpu);
        } catch (IOException ignored) {
            // not Linux
        }
        long memoryKb = 0;
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            memoryKb = lines.filter(l -> l.startsWith("MemTotal")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
        } catch (IOException ignored) {
            // not Linux
        }
        String scale = toy ? "TOY (smoke test)" : quick ? "QUICK (development scale, not the real figures)"
                : "FULL";
        report.header("Scale: **%s** — store of %,d events (at least %,d returns), command windows %.0f s, rebuild "
                .formatted(scale, targetEvents, minReturns, commandSeconds)
                + "windows %.0f s, query runs %.0f s at %.0f req/s.".formatted(windowSeconds, querySeconds, queryRate));
        report.header("");
        report.header("- Date: " + ZonedDateTime.now());
        report.header("- Command: `" + args.get("command", "java -jar bench/target/bench.jar").replace('\u00a0', ' ')
                + "` (build first: `mvn -q -pl returns-service,bench -am package -DskipTests`)");
        report.header("- Machine: %d CPUs (`nproc`), %.1f GB memory, %s; load average at start %.2f".formatted(
                Runtime.getRuntime().availableProcessors(), memoryKb / 1048576.0, cpu,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        report.header("- JVM: %s %s (%s), benchmark JVM options %s, max heap %.0f MB".formatted(
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                Runtime.getRuntime().maxMemory() / 1048576.0));
        report.header("- Service: the classes and libraries of `" + args.get("service-jar", "?") + "`, started "
                + "in the benchmark JVM (embedded default: H2 event store `WRITE_DELAY=0`, embedded mongo-java-server "
                + "with H2 backend); HTTP load from a second JVM (`LoadClient`, JDK HttpClient).");
        report.header("- Each figure is compared with a limit measured in the same run on the same machine, so the "
                + "ratios hold on a noisy machine even when the absolute numbers do not.");
    }

    // ------------------------------------------------------------------------------------------------ contexts

    private ConfigurableApplicationContext start(Path dataDir, int port, List<String> extra, String... profiles)
            throws Exception {
        Class<?> app = Class.forName(APP);
        List<String> properties = new ArrayList<>(List.of(
                "--returns.data-dir=" + dataDir,
                "--server.port=" + port,
                "--spring.main.banner-mode=off",
                "--logging.file.name=" + work.resolve("service.log"),
                "--logging.threshold.console=OFF",
                "--logging.level.root=WARN",
                // the background tamper verification re-reads the whole store; the figures measure the paths alone
                "--returns.integrity.verify-at-start=false",
                "--returns.integrity.verify-interval=0s"));
        properties.addAll(extra);
        long t0 = System.nanoTime();
        var context = new SpringApplicationBuilder(app).profiles(profiles).run(properties.toArray(String[]::new));
        System.out.printf("[bench] service started on %s in %d ms (profiles %s)%n", dataDir,
                RawJdbc.elapsedMillis(t0), List.of(profiles));
        return context;
    }

    private static Map<Long, Long> threadCpuNanos() {
        var threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            cpu.put(id, threads.getThreadCpuTime(id));
        }
        return cpu;
    }

    /** CPU used since {@code before} by the threads other than the benchmark's clients, by name without digits. */
    private static Map<String, Long> cpuByThreadGroup(Map<Long, Long> before) {
        var threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> groups = new HashMap<>();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null || info.getThreadName().startsWith("pool-")) {
                continue;
            }
            long now = threads.getThreadCpuTime(info.getThreadId());
            if (now > 0) {
                groups.merge(info.getThreadName().replaceAll("-?\\d+$", "").replaceAll("\\d+", "#"),
                        now - Math.max(0, before.getOrDefault(info.getThreadId(), 0L)), Long::sum);
            }
        }
        return groups;
    }

    private static String cpu(List<RebuildAll> runs) {
        return runs.stream().map(run -> "%.1f".formatted(run.cpuSeconds())).collect(Collectors.joining(" / "));
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static long head(ConfigurableApplicationContext context) {
        TrackingToken head = context.getBean(EventStore.class).createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    // ------------------------------------------------------------------------------------------------ 1. command path

    private record Run(long lifecycles, long commands, long events, double seconds, Histo latency) {
        double lifecyclesPerSecond() {
            return lifecycles / seconds;
        }

        double eventsPerSecond() {
            return events / seconds;
        }
    }

    private void commandPath() throws Exception {
        String section = "Command path";
        Path dir = work.resolve("commands");
        int port = freePort();
        List<RawJdbc.Row> sample;
        try (var context = start(dir, port, List.of())) {
            var lifecycles = new Lifecycles(context.getBean(CommandGateway.class));
            lifecycles.stockUp("BENCH");
            AtomicLong ids = new AtomicLong();
            closedLoop(context, lifecycles, ids, 4, toy ? 1 : quick ? 5 : 10); // warm-up
            cpuPerLifecycle.clear(); // not the warm-up's
            Run one = closedLoop(context, lifecycles, ids, 1, commandSeconds);
            Run eight = closedLoop(context, lifecycles, ids, 8, commandSeconds);
            Run half = openLoop(context, lifecycles, ids, eight.lifecyclesPerSecond() / 2, commandSeconds);
            report.note(section, "unit of work: a sales order, then submit, approve, receive, inspect and settle its "
                    + "return (6 commands; the reservation keeper adds its own command per approval and inspection); "
                    + "events counted from the event store's head position, including those the keeper adds");
            cpuPerLifecycle.forEach((clients, cpu) -> report.note(section, "CPU per lifecycle, " + clients + ": "
                    + cpu));
            if (lifecycles.failed.get() > 0) {
                report.note(section, "lifecycles that failed: " + lifecycles.failed.get() + ", last: "
                        + lifecycles.lastFailure);
            }

            boolean http = !args.has("skip-http");
            Map<String, String> peak = Map.of();
            Map<String, String> halfHttp = Map.of();
            double httpEvents = Double.NaN;
            double httpLifecycles = Double.NaN;
            if (http) {
                long h0 = head(context);
                String httpPeak = load("lifecycles", port, "--threads=8", "--seconds=" + commandSeconds,
                        "--prefix=H8", "--warmup-seconds=" + (toy ? 1 : 5));
                long h1 = head(context);
                peak = parse(httpPeak);
                double httpSeconds = Double.parseDouble(peak.get("seconds"));
                httpLifecycles = Long.parseLong(peak.get("lifecycles")) / httpSeconds;
                httpEvents = (h1 - h0) / httpSeconds;
                String httpHalf = load("lifecycles", port, "--rate=" + Math.max(0.5, httpLifecycles / 2),
                        "--seconds=" + commandSeconds, "--prefix=HH", "--warmup-seconds=1");
                halfHttp = parse(httpHalf);
            }

            try (Connection connection = context.getBean(DataSource.class).getConnection()) {
                sample = RawJdbc.sample(connection, 5_000);
            }

            rawEachRow = RawJdbc.insertRate(work.resolve("raw-each"), sample, 1, commandSeconds);
            rawBatch = RawJdbc.insertRate(work.resolve("raw-batch"), sample, 100, commandSeconds);
            report.line(section, "limit: plain JDBC insert of the same rows, commit per row (1 thread)",
                    Report.fmt(rawEachRow) + " rows/s", "", "", "", "");
            report.line(section, "limit: plain JDBC insert of the same rows, commit per 100 rows",
                    Report.fmt(rawBatch) + " rows/s", "", "", "", "");

            runLines(section, "command bus, 1 client", one, 8.0, null);
            runLines(section, "command bus, 8 clients", eight, 8.0, 0.5);
            report.line(section, "command bus, open loop at half of the 8-client peak (%s lifecycles/s)"
                            .formatted(Report.fmt(eight.lifecyclesPerSecond() / 2)),
                    "p50 %s ms, p99 %s ms, max %s ms".formatted(Report.fmt(half.latency().percentileMs(0.5)),
                            Report.fmt(half.latency().percentileMs(0.99)), Report.fmt(half.latency().maxMs())),
                    "", "", "", "");
            if (http) {
                report.ratio(section, "HTTP from a second process, 8 clients: events/s", httpEvents, "events/s",
                        "batched insert", rawBatch, 0.5);
                report.line(section, "HTTP, 8 clients: lifecycles/s; command latency (closed loop)",
                        Report.fmt(httpLifecycles) + " lifecycles/s", "p50 " + peak.get("p50") + " ms, p99 "
                                + peak.get("p99") + " ms", "errors " + peak.get("errors"), "", "");
                report.line(section, "HTTP, open loop at half peak (%s lifecycles/s)".formatted(
                                Report.fmt(httpLifecycles / 2)),
                        "p50 %s ms, p99 %s ms, max %s ms".formatted(halfHttp.get("p50"), halfHttp.get("p99"),
                                halfHttp.get("max")), "", "errors " + halfHttp.get("errors"), "", "");
                if (!"0".equals(peak.get("errors")) || !"0".equals(halfHttp.get("errors"))) {
                    report.note(section, "HTTP errors, last: " + peak.get("lastError") + " / " + halfHttp.get("lastError"));
                }
            }
        }
    }

    private void runLines(String section, String name, Run run, double unused, Double target) {
        report.ratio(section, name + ": events/s", run.eventsPerSecond(), "events/s", "batched insert", rawBatch,
                target);
        report.ratio(section, name + ": events/s vs commit-per-row", run.eventsPerSecond(), "events/s",
                "commit-per-row insert", rawEachRow, null);
        report.line(section, name + ": lifecycles/s; command latency (closed loop)",
                Report.fmt(run.lifecyclesPerSecond()) + " lifecycles/s", "p50 %s ms, p99 %s ms".formatted(
                        Report.fmt(run.latency().percentileMs(0.5)), Report.fmt(run.latency().percentileMs(0.99))),
                Report.fmt(run.commands() / run.seconds()) + " commands/s", "", "");
    }

    private Run closedLoop(ConfigurableApplicationContext context, Lifecycles lifecycles, AtomicLong ids,
                           int threads, double seconds) throws Exception {
        Histo latency = new Histo();
        AtomicLong done = new AtomicLong();
        long commands0 = lifecycles.sent.get();
        long head0 = head(context);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong clientCpu = new AtomicLong();
        long processCpu0 = processCpuNanos();
        Map<Long, Long> threadCpu0 = threadCpuNanos();
        for (int t = 0; t < threads; t++) {
            long seed = t * 7919L + ids.get();
            pool.submit(() -> {
                long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                var random = new Random(seed);
                while (System.nanoTime() < end) {
                    long n = ids.incrementAndGet();
                    if (lifecycles.full("SO-B%07d".formatted(n), "R-B%07d".formatted(n), random, latency, 0)) {
                        done.incrementAndGet();
                    }
                }
                clientCpu.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0);
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long processCpu = processCpuNanos() - processCpu0;
        Map<String, Long> byThreadGroup = cpuByThreadGroup(threadCpu0);
        var run = new Run(done.get(), lifecycles.sent.get() - commands0, head(context) - head0, elapsed, latency);
        System.out.printf("[bench] %d client(s): %.1f lifecycles/s, %.0f events/s, %s%n", threads,
                run.lifecyclesPerSecond(), run.eventsPerSecond(), latency.summary());
        if (run.lifecycles() > 0) {
            // CPU per lifecycle does not depend on what else runs on the machine, unlike the rates
            String cpu = "%s ms in the client threads (command handling up to the commit), %s ms in the whole JVM "
                    .formatted(Report.fmt(clientCpu.get() / 1e6 / run.lifecycles()),
                            Report.fmt(processCpu / 1e6 / run.lifecycles()))
                    + "(with the event store writer and every event processor)";
            StringBuilder groups = new StringBuilder();
            byThreadGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .filter(e -> e.getValue() / 1e6 / run.lifecycles() >= 0.05)
                    .forEach(e -> groups.append(groups.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                            .append(Report.fmt(e.getValue() / 1e6 / run.lifecycles())));
            cpu += "; other JVM threads by name, ms: " + groups;
            System.out.printf("[bench] %d client(s): CPU per lifecycle %s%n", threads, cpu);
            cpuPerLifecycle.put(threads + (threads == 1 ? " client" : " clients"), cpu);
        }
        return run;
    }

    /** Lifecycles started on a fixed schedule; the first command's latency counts from the intended start. */
    private Run openLoop(ConfigurableApplicationContext context, Lifecycles lifecycles, AtomicLong ids, double rate,
                         double seconds) throws Exception {
        Histo latency = new Histo();
        AtomicLong done = new AtomicLong();
        long commands0 = lifecycles.sent.get();
        long head0 = head(context);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        long period = (long) (1e9 / Math.max(0.5, rate));
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        for (long i = 0; ; i++) {
            long intended = start + i * period;
            if (intended >= end) {
                break;
            }
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long n = ids.incrementAndGet();
            pool.submit(() -> {
                if (lifecycles.full("SO-B%07d".formatted(n), "R-B%07d".formatted(n), new Random(n), latency,
                        intended)) {
                    done.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        double elapsed = (System.nanoTime() - start) / 1e9;
        var run = new Run(done.get(), lifecycles.sent.get() - commands0, head(context) - head0, elapsed, latency);
        System.out.printf("[bench] open loop at %.1f lifecycles/s: %.1f done/s, %s%n", rate,
                run.lifecyclesPerSecond(), latency.summary());
        return run;
    }

    // ------------------------------------------------------------------------------------------------ 2. store

    private Path storeDir() {
        return work.resolve("store");
    }

    private record TemplateEvent(String aggregateType, String aggregateId, long sequence, String payloadType,
                                 String revision, String json, MetaData metaData, Instant timestamp) {
    }

    /**
     * The store to rebuild from: {@code templates} lifecycles down random paths through the command bus (command
     * side only, so no read model is built while generating), then copies of them appended with Axon's
     * {@link EventStorageEngine#appendEvents} through the service's own event serializer, ids replaced, until the
     * store holds the requested number of events (and returns).
     */
    private void generateStore() throws Exception {
        String section = "Rebuild";
        long t0 = System.nanoTime();
        // The 'command' role profile would keep the projections out, but it does not start at this state (its
        // endpoint scan picks up ReadModelAdminController without ReadModelAdministration): stop them instead, the
        // in-memory worklist too (this JVM keeps a closed service context reachable, see the Footprint notes).
        try (var context = start(storeDir(), freePort(), List.of())) {
            var readModelProcessing = context.getBean(EventProcessingConfiguration.class);
            for (String model : Stream.concat(ReadModels.ALL.stream(), Stream.of(ReturnWorklist.PROCESSING_GROUP))
                    .toList()) {
                var processor = readModelProcessing.eventProcessor(model, StreamingEventProcessor.class);
                if (processor.isPresent()) {
                    awaitClaimed(processor.get());
                    processor.get().shutdownAsync().get(2, TimeUnit.MINUTES);
                }
            }
            var lifecycles = new Lifecycles(context.getBean(CommandGateway.class));
            lifecycles.stockUp("STORE");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < templateCount; i++) {
                int n = i;
                futures.add(CompletableFuture.runAsync(() -> {
                    try {
                        lifecycles.random("SO-T%07d".formatted(n), "R-T%07d".formatted(n), new Random(n * 31L + 7));
                    } catch (RuntimeException e) {
                        lifecycles.failed.incrementAndGet();
                        lifecycles.lastFailure = e.toString();
                    }
                }, pool));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
            pool.shutdown();
            var processing = context.getBean(EventProcessingConfiguration.class);
            StreamingEventProcessor keeper = processing.eventProcessor(KEEPER, StreamingEventProcessor.class)
                    .orElseThrow();
            awaitCaughtUp(context, keeper, Duration.ofMinutes(2));
            keeper.shutdownAsync().get(1, TimeUnit.MINUTES);

            Serializer serializer = context.getBean("eventSerializer", Serializer.class);
            Map<Integer, List<TemplateEvent>> templates = readTemplates(context, serializer);
            long templateReturns = templates.size();
            EventStorageEngine engine = context.getBean(EventStorageEngine.class);
            long events = head(context) + 1;
            long returns = templateReturns;
            long cloneStart = System.nanoTime();
            long cloneEvents = 0;
            List<Integer> keys = new ArrayList<>(templates.keySet());
            List<EventMessage<?>> batch = new ArrayList<>();
            long clone = 0;
            while (events < targetEvents || returns < minReturns) {
                List<TemplateEvent> template = templates.get(keys.get((int) (clone % keys.size())));
                int key = keys.get((int) (clone % keys.size()));
                Map<String, String> replace = replacements(key, clone, template);
                for (TemplateEvent event : template) {
                    String json = event.json();
                    for (var entry : replace.entrySet()) {
                        json = json.replace(entry.getKey(), entry.getValue());
                    }
                    Object payload = serializer.deserialize(new SimpleSerializedObject<>(json, String.class,
                            event.payloadType(), event.revision()));
                    String aggregateId = replace.getOrDefault(event.aggregateId(), event.aggregateId());
                    batch.add(new GenericDomainEventMessage<>(event.aggregateType(), aggregateId, event.sequence(),
                            payload, event.metaData(), UUID.randomUUID().toString(), event.timestamp()));
                }
                clone++;
                returns++;
                events += template.size();
                cloneEvents += template.size();
                if (batch.size() >= 500) {
                    engine.appendEvents(batch);
                    batch.clear();
                }
                if (clone % 10_000 == 0) {
                    System.out.printf("[bench] generated %,d events (%,d returns)%n", events, returns);
                }
            }
            if (!batch.isEmpty()) {
                engine.appendEvents(batch);
            }
            double cloneSeconds = (System.nanoTime() - cloneStart) / 1e9;
            // the reservation keeper has nothing to do for copies: it starts the rebuild runs at the head
            TokenStore tokens = context.getBean(TokenStore.class);
            TrackingToken headToken = context.getBean(EventStore.class).createHeadToken();
            tokens.fetchToken(KEEPER, 0);
            tokens.storeToken(headToken, KEEPER, 0);
            tokens.releaseClaim(KEEPER, 0);
            storeEvents = head(context) + 1;
            clones = clone;
            report.note(section, ("store: %,d events, %,d returns — %d lifecycles down random paths through the "
                    + "command bus (read-model processors stopped) (rejected, cancelled, partial approvals, discrepancies, all dispositions and "
                    + "settlement methods, feedback; %d failed) as templates, then %,d copies with new ids appended "
                    + "with Axon's EventStorageEngine.appendEvents through the service's event serializer "
                    + "(%,.0f events/s); generated in %.0f s").formatted(storeEvents, returns, templateCount,
                    lifecycles.failed.get(), clone, cloneEvents / cloneSeconds, (System.nanoTime() - t0) / 1e9));
        }
    }

    private Map<String, String> replacements(int key, long clone, List<TemplateEvent> template) {
        Map<String, String> replace = new LinkedHashMap<>();
        replace.put("SO-T%07d".formatted(key), "SO-C%07d".formatted(clone));
        replace.put("R-T%07d".formatted(key), "R-C%07d".formatted(clone));
        for (TemplateEvent event : template) {
            Matcher matcher = ReturnOrderNumber.PATTERN.matcher(event.json());
            if (matcher.find()) {
                replace.put(matcher.group(), ReturnOrderNumber.format(2099, clone % 1_000_000));
                break;
            }
        }
        return replace;
    }

    /** The events of the template aggregates, per template, in stream order. */
    private Map<Integer, List<TemplateEvent>> readTemplates(ConfigurableApplicationContext context,
                                                           Serializer serializer) throws Exception {
        Pattern id = Pattern.compile("(?:SO|R)-T(\\d{7})");
        Map<Integer, List<TemplateEvent>> templates = new HashMap<>();
        long head = head(context);
        try (BlockingStream<TrackedEventMessage<?>> stream = context.getBean(EventStore.class).openStream(null)) {
            long position = -1;
            while (position < head && stream.hasNextAvailable(10, TimeUnit.SECONDS)) {
                TrackedEventMessage<?> message = stream.nextAvailable();
                position = message.trackingToken().position().orElse(position);
                if (message instanceof DomainEventMessage<?> domain) {
                    Matcher matcher = id.matcher(domain.getAggregateIdentifier());
                    if (matcher.matches()) {
                        SerializedObject<String> payload = serializer.serialize(domain.getPayload(), String.class);
                        templates.computeIfAbsent(Integer.parseInt(matcher.group(1)), k -> new ArrayList<>())
                                .add(new TemplateEvent(domain.getType(), domain.getAggregateIdentifier(),
                                        domain.getSequenceNumber(), payload.getType().getName(),
                                        payload.getType().getRevision(), payload.getData(), domain.getMetaData(),
                                        domain.getTimestamp()));
                    }
                }
            }
        }
        templates.values().removeIf(events -> events.stream().noneMatch(e -> e.aggregateId().startsWith("R-")));
        return templates;
    }

    // ------------------------------------------------------------------------------------------------ 3. raw scan

    private void rawScan() throws Exception {
        Class<?> configuration = Class.forName("com.jxc.returns.platform.serialization.SerializationConfiguration");
        ObjectMapper mapper = (ObjectMapper) configuration.getMethod("messageMapper").invoke(null);
        var names = EventTypes.byName();
        RawJdbc.scanAndDeserialise(storeDir().resolve("eventstore"), mapper, names, 5); // warm-up
        RawJdbc.ScanResult scan = RawJdbc.scanAndDeserialise(storeDir().resolve("eventstore"), mapper, names, 600);
        rawScan = scan.rate();
        report.line("Rebuild", "limit: plain JDBC scan (keyset pages of 1,000) + Jackson deserialisation into the "
                        + "event classes", Report.fmt(rawScan) + " events/s",
                "%,d events in %.1f s".formatted(scan.events(), scan.seconds()), "", "", "");
    }

    // ------------------------------------------------------------------------------------------------ 4. service

    private void serviceOnGeneratedStore() throws Exception {
        int port = freePort();
        try (var context = start(storeDir(), port, List.of())) {
            var processing = context.getBean(EventProcessingConfiguration.class);
            var administration = context.getBean(ReadModelAdministration.class);
            List<String> models = administration.statuses().stream().map(ReadModelAdministration.Status::name)
                    .toList();
            rebuildAllTogether(context, processing, models);
            writeBounds(context, models);
            footprintHeap();
            if (!args.get("only", "all").equals("rebuild")) {
                queries(port);
            }
            for (String model : onePassOnly() ? List.<String>of() : models) {
                aloneDefault.put(model, rebuildAlone(context, processing, models, model));
            }
            report.note("Rebuild", "dropping each fully built read model (its @ResetHandler, not timed in the "
                    + "per-model rates): " + resetSeconds.entrySet().stream().map(e -> e.getKey() + " "
                    + Report.fmt(e.getValue()) + " s").toList());
        }
    }

    /**
     * The rebuild of every read model again, each on a fresh service in this (by now warm) JVM, with the processors
     * sharing one read of the stream (the service's setting), and each reading the stream itself as before
     * ({@code returns.eventstore.shared-reads.window-events=0}), in {@code --shared-read-rounds} rounds (default 2)
     * that alternate them, since a later service in the same JVM runs on more compiled code than an earlier one;
     * {@code --shared-read-variants} adds settings to try.
     */
    private void rebuildAllAgainSharedAndUnshared() throws Exception {
        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("each processor reading the stream itself (shared-reads.window-events=0)",
                List.of("--returns.eventstore.shared-reads.window-events=0"));
        variants.put("one shared read of the stream (the service's setting)", List.of());
        for (String extra : args.get("shared-read-variants", "").split(";")) {
            if (!extra.isBlank()) {
                variants.put(extra, List.of(extra.split(" ")));
            }
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        int rounds = (int) args.getLong("shared-read-rounds", 2);
        for (int round = 0; round < rounds; round++) {
            for (var variant : variants.entrySet()) {
                try (var context = start(storeDir(), freePort(), variant.getValue())) {
                    var processing = context.getBean(EventProcessingConfiguration.class);
                    List<String> models = context.getBean(ReadModelAdministration.class).statuses().stream()
                            .map(ReadModelAdministration.Status::name).toList();
                    RebuildAll run = timeRebuildAll(context, processing, models, false);
                    System.out.printf("[bench] rebuild all again: %,d events in %.1f s%n", run.events(), run.seconds());
                    rates.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(run.rate());
                }
            }
        }
        List<Double> reference = rates.values().iterator().next();
        rates.forEach((variant, rate) -> report.line("Rebuild", "all read models together again on a fresh service "
                        + "(warm JVM), rounds alternating: " + variant,
                rate.stream().map(Report::fmt).collect(Collectors.joining(" / "))
                        + " events/s",
                "mean %.2f × each reading itself".formatted(mean(rate) / mean(reference)), "", "", ""));
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /**
     * The rebuild of every read model on the same service, in {@code --one-pass-rounds} rounds (default 2) that each
     * run it both ways, alternating which goes first (a later run in the same JVM runs on more compiled code; the
     * first round starts with the separate processors unless {@code --one-pass-first=true}): each
     * read model's processor reset and all started together, and the service's own rebuild of all of them
     * ({@code ReadModelAdministration.rebuildAll}: one pass over the stream), whose mean is the figure compared with
     * the bounds. Before them, {@code --one-pass-warmup} passes (quick scale 3, full scale 1, toy none) that are
     * reported and not counted: the bounds are measured on a warm JVM, and on two cores the JIT's single C2 thread is
     * still compiling the service's code for a rebuild during a quick-scale service's first passes.
     */
    private void rebuildAllTogether(ConfigurableApplicationContext context, EventProcessingConfiguration processing,
                                    List<String> models) throws Exception {
        String section = "Rebuild";
        List<RebuildAll> separately = new ArrayList<>();
        List<RebuildAll> inOnePass = new ArrayList<>();
        int warmUp = (int) Math.max(0, args.getLong("one-pass-warmup", toy ? 0 : quick ? 3 : 1));
        for (int pass = 0; pass < warmUp; pass++) {
            RebuildAll run = timeRebuildAll(context, processing, models, true);
            if (pass == 0) {
                firstPass = run.rate();
            }
            report.note(section, ("warm-up (not counted): all read models rebuilt by the service's rebuild of every "
                    + "read model (one pass over the stream): %,d events in %.1f s, %.1f s of CPU")
                    .formatted(run.events(), run.seconds(), run.cpuSeconds()));
        }
        int rounds = (int) Math.max(1, args.getLong("one-pass-rounds", 2));
        for (int round = 0; round < rounds; round++) {
            boolean separateFirst = (round % 2 == 0) != args.get("one-pass-first", "false").equals("true");
            for (boolean onePass : onePassOnly() ? List.of(true)
                    : separateFirst ? List.of(false, true) : List.of(true, false)) {
                RebuildAll run = timeRebuildAll(context, processing, models, onePass);
                (onePass ? inOnePass : separately).add(run);
                report.note(section, "all read models rebuilt %s: %,d events in %.1f s, %.1f s of CPU".formatted(
                        onePass ? "by the service's rebuild of every read model (one pass over the stream)"
                        : "at once, each by its own processor (admin reset of every processor, all started together)",
                        run.events(), run.seconds(), run.cpuSeconds()));
            }
        }
        double onePassRate = inOnePass.stream().mapToDouble(RebuildAll::rate).average().orElseThrow();
        allTogether = onePassRate;
        if (Double.isNaN(firstPass)) {
            firstPass = inOnePass.get(0).rate();
        }
        if (onePassOnly()) {
            return;
        }
        double separateRate = separately.stream().mapToDouble(RebuildAll::rate).average().orElseThrow();
        report.line(section, "all read models together: one pass against each by its own processor, same service, "
                        + "rounds alternating which goes first (each run / mean)",
                inOnePass.stream().map(run -> Report.fmt(run.rate())).collect(Collectors.joining(" / ")) + " against "
                        + separately.stream().map(run -> Report.fmt(run.rate())).collect(Collectors.joining(" / "))
                        + " events/s",
                "%.2f ×; CPU %s against %s s".formatted(onePassRate / separateRate, cpu(inOnePass), cpu(separately)),
                "", "", "");
        report.ratio(section, "all read models together", allTogether, "events/s", "raw scan+deserialise",
                rawScan, 0.5);
        RebuildAll first = separately.get(0);
        for (String model : models) {
            Double seconds = first.finished().get(model);
            report.ratio(section, model + " (while all rebuild together, each by its own processor)",
                    seconds == null ? Double.NaN : first.events() / seconds, "events/s", "raw scan+deserialise",
                    rawScan, null);
        }
    }

    /**
     * {@code --one-pass-only=true} (with {@code --only=rebuild}): only the service's rebuild of every read model in one
     * pass, its rounds and the write bound; no separate processors, no read model alone, no fresh services. For
     * comparing builds of the pass quickly.
     */
    private boolean onePassOnly() {
        return args.get("one-pass-only", "false").equals("true");
    }

    /** One rebuild of every read model: its events, its seconds, and when each read model reached the head. */
    /** {@code cpuSeconds}: the CPU time this JVM (service and bench) used from the start until the last finished. */
    private record RebuildAll(long events, double seconds, Map<String, Double> finished, double cpuSeconds) {

        double rate() {
            return events / seconds;
        }
    }

    /**
     * Rebuilds every read model, in one pass ({@code inOnePass}) or by resetting each one's processor and starting
     * them all together, and waits until each read model's own processor reached the head.
     */
    private RebuildAll timeRebuildAll(ConfigurableApplicationContext context, EventProcessingConfiguration processing,
                                      List<String> models, boolean inOnePass) throws Exception {
        String section = "Rebuild";
        List<StreamingEventProcessor> processors = models.stream().map(name -> processor(processing, name)).toList();
        for (StreamingEventProcessor processor : processors) {
            awaitClaimed(processor);
        }
        awaitEveryProcessorAtTheHead(processing, context);
        long head = head(context);
        long start;
        long cpuAtStart = processCpuNanos();
        if (inOnePass) {
            start = System.nanoTime();
            context.getBean(ReadModelAdministration.class).rebuildAll();
        } else {
            CompletableFuture.allOf(processors.stream().map(StreamingEventProcessor::shutdownAsync)
                    .toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
            processors.forEach(StreamingEventProcessor::resetTokens);
            start = System.nanoTime();
            processors.forEach(StreamingEventProcessor::start);
        }
        Map<String, Double> finished = new LinkedHashMap<>();
        long deadline = start + TimeUnit.MINUTES.toNanos(args.getLong("rebuild-timeout-minutes", 45));
        long lastPrint = start;
        while (finished.size() < models.size() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            for (int i = 0; i < models.size(); i++) {
                if (!finished.containsKey(models.get(i)) && position(processors.get(i)) >= head) {
                    finished.put(models.get(i), (System.nanoTime() - start) / 1e9);
                }
            }
            if (System.nanoTime() - lastPrint > 15e9) {
                lastPrint = System.nanoTime();
                StringBuilder line = new StringBuilder("[bench] rebuild all:");
                for (int i = 0; i < models.size(); i++) {
                    line.append(' ').append(models.get(i)).append('=').append(position(processors.get(i)));
                }
                System.out.println(line + " of " + head);
            }
        }
        double all = finished.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        if (finished.size() < models.size()) {
            report.note(section, "rebuild of all read models did not finish within the time limit: " + finished);
            all = (System.nanoTime() - start) / 1e9;
        }
        return new RebuildAll(head + 1, all, finished, (processCpuNanos() - cpuAtStart) / 1e9);
    }

    /** The collections each read model rebuilds (bookkeeping such as delivery states outlives a rebuild). */
    private static final Map<String, List<String>> COLLECTIONS = ReadModelSchema.COLLECTIONS;

    /**
     * What bounds a rebuild on the write side: as many documents as each rebuilt collection holds, inserted once more
     * with {@code insertMany} of 1,000 into a scratch database of the same embedded store. The documents are copies
     * (new {@code _id}s) of the first 1,000 of the collection: the embedded store answers a query by collecting every
     * matching document in memory, so reading a whole collection of 100,000 returns back would measure its heap, not
     * its writes. A rebuild that reads every event and writes each document once can go no faster than
     * {@code events / (scan time + insert time)}.
     */
    private void writeBounds(ConfigurableApplicationContext context, List<String> models) throws Exception {
        String section = "Rebuild";
        MongoDatabase readModels = context.getBean(MongoDatabase.class);
        MongoDatabase scratch = context.getBean(MongoClient.class).getDatabase("bench-scratch");
        long events = storeEvents;
        long totalDocuments = 0;
        double totalInsertSeconds = 0;
        double previousInsertSeconds = 0;
        try (var previous = new PreviousReadStore(work.resolve("previous-readmodels.mv"))) {
            for (String model : models) {
                long documents = 0;
                double insertSeconds = 0;
                for (String name : COLLECTIONS.getOrDefault(model, List.of())) {
                    MongoCollection<Document> source = readModels.getCollection(name);
                    long count = source.estimatedDocumentCount();
                    List<Document> sample = source.find().limit(1000).into(new ArrayList<>());
                    if (sample.isEmpty()) {
                        continue;
                    }
                    insertSeconds += insertCopies(scratch.getCollection(name), sample, count);
                    previousInsertSeconds += insertCopies(previous.database().getCollection(name), sample, count);
                    documents += count;
                }
                totalDocuments += documents;
                totalInsertSeconds += insertSeconds;
                double bound = events / (events / rawScan + insertSeconds);
                writeBound.put(model, bound);
                report.line(section, "limit: %s — scan + insert its %,d documents once (%,.0f docs/s)".formatted(
                        model, documents, documents / Math.max(insertSeconds, 1e-9)), Report.fmt(bound)
                        + " events/s", "", "", "", "");
            }
        }
        double allBound = events / (events / rawScan + totalInsertSeconds);
        writeBound.put("all", allBound);
        report.line(section, "limit: all read models — one scan + insert all %,d documents once (%,.0f docs/s)"
                .formatted(totalDocuments, totalDocuments / Math.max(totalInsertSeconds, 1e-9)),
                Report.fmt(allBound) + " events/s", "", "", "", "");
        double previousBound = events / (events / rawScan + previousInsertSeconds);
        report.line(section, "the same bound on the previous store (mongo-java-server's H2 backend, same documents, "
                        + "same run; %,.0f docs/s)".formatted(totalDocuments / Math.max(previousInsertSeconds, 1e-9)),
                Report.fmt(previousBound) + " events/s", "", "", "", "");
        report.ratio(section, "all read models together vs scan + insert bound", allTogether, "events/s",
                "scan + insert bound", allBound, null);
        report.ratio(section, "the service's first one-pass rebuild vs scan + insert bound", firstPass,
                "events/s", "scan + insert bound", allBound, null);
        storeRates(readModels.getCollection(COLLECTIONS.get(ReadModels.RETURNS).get(0)).find().limit(1000)
                .into(new ArrayList<>()));
    }

    /** {@code count} copies (new {@code _id}s) of the sample, by {@code insertMany} of 1,000; the seconds taken. */
    private static double insertCopies(MongoCollection<Document> target, List<Document> sample, long count) {
        target.drop();
        double seconds = 0;
        List<Document> page = new ArrayList<>(1000);
        for (long n = 0; n < count; n++) {
            Document copy = new Document(sample.get((int) (n % sample.size())));
            copy.put("_id", target.getNamespace().getCollectionName() + "-" + n);
            page.add(copy);
            if (page.size() == 1000 || n == count - 1) {
                seconds += timedInsert(target, page);
                page.clear();
            }
        }
        target.drop();
        return seconds;
    }

    /**
     * The read store's own rates, the service's store (own backend, commit every 100 ms) and the previous one side by
     * side on fresh files in this JVM: {@code insertMany} of 1,000, reads by {@code _id}, {@code $set} updates by
     * {@code _id}, with copies of return detail documents; then the new store's start-up (open and index check).
     */
    private void storeRates(List<Document> sample) throws Exception {
        if (sample.isEmpty()) {
            return;
        }
        String section = "Read store";
        int documents = 20_000;
        int operations = 5_000;
        Path currentDir = work.resolve("rates-current");
        try (var previous = new PreviousReadStore(work.resolve("rates-previous.mv"));
             var current = EmbeddedMongoServer.start(currentDir, 0);
             var currentClient = com.mongodb.client.MongoClients.create(current.connectionString("rates"))) {
            var stores = new LinkedHashMap<String, MongoCollection<Document>>();
            stores.put("previous (mongo-java-server H2 backend)", previous.database().getCollection("rates"));
            stores.put("this store (own backend, BSON pages)", currentClient.getDatabase("rates").getCollection("rates"));
            for (var store : stores.entrySet()) {
                MongoCollection<Document> collection = store.getValue();
                double insertSeconds = 0;
                List<Document> page = new ArrayList<>(1000);
                for (int n = 0; n < documents; n++) {
                    Document copy = new Document(sample.get(n % sample.size()));
                    copy.put("_id", "d-" + n);
                    page.add(copy);
                    if (page.size() == 1000) {
                        insertSeconds += timedInsert(collection, page);
                        page.clear();
                    }
                }
                var random = new java.util.Random(17);
                long start = System.nanoTime();
                for (int n = 0; n < operations; n++) {
                    if (collection.find(com.mongodb.client.model.Filters.eq("_id", "d-" + random.nextInt(documents)))
                            .first() == null) {
                        throw new IllegalStateException("a document written is not found by _id");
                    }
                }
                double readSeconds = (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                for (int n = 0; n < operations; n++) {
                    collection.updateOne(com.mongodb.client.model.Filters.eq("_id", "d-" + random.nextInt(documents)),
                            com.mongodb.client.model.Updates.set("benchTouched", n));
                }
                double updateSeconds = (System.nanoTime() - start) / 1e9;
                report.line(section, store.getKey() + ": insertMany of 1,000 / read by _id / update by _id",
                        "%s / %s / %s per s".formatted(Report.fmt(documents / insertSeconds),
                                Report.fmt(operations / readSeconds), Report.fmt(operations / updateSeconds)),
                        "%,d return documents, %,d reads, %,d updates".formatted(documents, operations, operations),
                        "", "", "");
            }
        }
        long start = System.nanoTime();
        EmbeddedMongoServer.start(currentDir, 0).close();
        double startSeconds = (System.nanoTime() - start) / 1e9;
        report.line(section, "this store: start-up with the check of every index against its documents",
                "%.2f s per 100,000 documents".formatted(startSeconds * 100_000 / documents),
                "%,d documents in %.2f s".formatted(documents, startSeconds), "", "", "");
    }

    private static double timedInsert(MongoCollection<Document> target, List<Document> page) {
        long start = System.nanoTime();
        target.insertMany(page);
        return (System.nanoTime() - start) / 1e9;
    }

    /** Rebuilds one read model while the others are stopped, for at most the window; its events/s. */
    private double rebuildAlone(ConfigurableApplicationContext context, EventProcessingConfiguration processing,
                                List<String> models, String model) throws Exception {
        for (String name : models) {
            StreamingEventProcessor processor = processor(processing, name);
            if (processor.isRunning()) {
                awaitClaimed(processor);
                processor.shutdownAsync().get(2, TimeUnit.MINUTES);
            }
        }
        StreamingEventProcessor processor = processor(processing, model);
        long head = head(context);
        long resetStart = System.nanoTime();
        processor.resetTokens(); // runs the @ResetHandler: drops the read model's collections
        resetSeconds.put(model, (System.nanoTime() - resetStart) / 1e9);
        long start = System.nanoTime();
        processor.start();
        long end = start + (long) (windowSeconds * 1e9);
        long position = -1;
        while (System.nanoTime() < end && (position = position(processor)) < head) {
            Thread.sleep(100);
        }
        position = Math.min(head, Math.max(position, position(processor)));
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = position < 0 ? Double.NaN : (position + 1) / seconds;
        awaitClaimed(processor);
        processor.shutdownAsync().get(2, TimeUnit.MINUTES);
        System.out.printf("[bench] %s alone: %,d events in %.1f s = %.0f events/s%n", model, position + 1, seconds,
                rate);
        return rate;
    }

    private static StreamingEventProcessor processor(EventProcessingConfiguration processing, String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow();
    }

    private static long position(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        if (status.isEmpty()) {
            return -1;
        }
        return status.values().stream().mapToLong(s -> s.getCurrentPosition().orElse(-1)).min().orElse(-1);
    }

    /**
     * Waits until every event processor of the service (the read models', the worklist's, the keepers') has handled
     * the stream, so that a rebuild is timed on a service that is otherwise idle, not on one whose processors are still
     * catching up since it started.
     */
    private static void awaitEveryProcessorAtTheHead(EventProcessingConfiguration processing,
                                                     ConfigurableApplicationContext context)
            throws InterruptedException {
        long head = head(context);
        List<StreamingEventProcessor> all = processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast).toList();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline && all.stream().anyMatch(processor -> processor.isRunning()
                && !processor.processingStatus().isEmpty() && position(processor) < head)) {
            Thread.sleep(100);
        }
        System.out.printf("[bench] every processor at the head (%,d) after %.1f s%n", head,
                (System.nanoTime() - start) / 1e9);
    }

    private static void awaitClaimed(StreamingEventProcessor processor) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (processor.isRunning() && processor.processingStatus().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static void awaitCaughtUp(ConfigurableApplicationContext context, StreamingEventProcessor processor,
                                      Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long head = head(context);
            if (position(processor) >= head) {
                Thread.sleep(500);
                if (head(context) == head) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(processor.getName() + " did not catch up within " + timeout);
    }

    // ------------------------------------------------------------------------------------------------ queries

    private void queries(int port) throws Exception {
        String section = "Queries";
        report.note(section, ("open loop at %.0f requests/s from a second process for %.0f s per kind, latency from "
                + "the intended send time (no coordinated omission), user reviewer over HTTP Basic; read models "
                + "hold %,d returns").formatted(queryRate, querySeconds, clones + templateCount));
        String returns = "--returns=R-C:" + Math.max(1, clones);
        // the service's first requests run in the interpreter while the JIT compiles the web stack: measured is the
        // steady state, so every kind is first sent at the full rate for a while and those results are dropped
        double warmUp = toy ? 1 : quick ? 5 : 15;
        for (String kind : List.of("miss", "detail", "stock", "worklist")) {
            load("queries", port, "--kind=" + kind, "--rate=" + queryRate, "--seconds=" + warmUp, returns,
                    "--warmup-seconds=0");
        }
        report.note(section, "before measuring, each kind ran %.0f s at the same rate to warm the JIT up; not counted"
                .formatted(warmUp));
        Map<String, String> miss = parse(load("queries", port, "--kind=miss", "--rate=" + queryRate,
                "--seconds=" + querySeconds, returns, "--warmup-seconds=" + (toy ? 1 : 3)));
        double floor = Double.parseDouble(miss.get("p99"));
        if (!miss.get("sent").equals(miss.get("planned")) || !"0".equals(miss.get("errors"))) {
            report.note(section, "unknown id: planned " + miss.get("planned") + ", sent " + miss.get("sent")
                    + ", errors " + miss.get("errors") + " (server saturated), last " + miss.get("lastError"));
        }
        report.line(section, "limit: unknown return id (same stack: HTTP, security, query bus, `_id` miss)",
                "p99 " + miss.get("p99") + " ms", "p50 " + miss.get("p50") + " ms, max " + miss.get("max") + " ms",
                "", "", "");
        for (String[] kind : new String[][]{{"detail", "return detail", "5"}, {"stock", "stock level", "5"},
                {"worklist", "worklist page (state filter, newest first, pages 0–4 of 20)", "50"}}) {
            Map<String, String> result = parse(load("queries", port, "--kind=" + kind[0], "--rate=" + queryRate,
                    "--seconds=" + querySeconds, returns, "--warmup-seconds=" + (toy ? 1 : 3)));
            double p99 = Double.parseDouble(result.get("p99"));
            double target = Double.parseDouble(kind[2]);
            report.line(section, kind[1], "p50 %s / p99 %s / max %s ms".formatted(result.get("p50"),
                            result.get("p99"), result.get("max")), "p99 of the unknown id " + Report.fmt(floor) + " ms",
                    "%.2f".formatted(p99 / floor), "p99 ≤ " + kind[2] + " ms", p99 <= target ? "met" : "NOT met");
            if (!"0".equals(result.get("errors")) || !"0".equals(result.get("notOk"))
                    || !"true".equals(result.get("drained")) || !result.get("sent").equals(result.get("planned"))) {
                report.note(section, kind[1] + ": planned " + result.get("planned") + ", sent " + result.get("sent")
                        + " (the rest not sent: all 256 client slots busy — the server was saturated, so the "
                        + "latencies are a lower bound), errors " + result.get("errors")
                        + ", not 200 " + result.get("notOk") + ", all answered " + result.get("drained") + ", last "
                        + result.get("lastError"));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ footprint

    private void footprintHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
        double used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        double max = Runtime.getRuntime().maxMemory() / 1048576.0;
        report.line("Footprint", "heap after GC, service running with read models of %,d events".formatted(
                storeEvents), Report.fmt(used) + " MB", "max heap " + Report.fmt(max) + " MB",
                "%.2f".formatted(used / max), "runs in -Xmx256m", max <= 260 ? "met" : "(not run at 256m)");
    }

    /** The peak of the old generation (what survives collections), the part -Xmx really has to hold. */
    private static double peakHeapMb() {
        double peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null
                    && (pool.getName().contains("Old") || pool.getName().contains("Tenured"))) {
                peak = Math.max(peak, pool.getPeakUsage().getUsed());
            }
        }
        return peak / 1048576.0;
    }

    private void disk() throws Exception {
        String section = "Footprint";
        Path eventStore = storeDir().resolve("eventstore");
        Path mongo = storeDir().resolve("mongo");
        long eventsBefore = size(eventStore);
        long mongoBefore = size(mongo);
        RawJdbc.compactEventStore(eventStore);
        Path readModels = mongo.resolve("readmodels.mv");
        if (Files.exists(readModels)) {
            org.h2.mvstore.MVStoreTool.compact(readModels.toString(), false);
        }
        long eventsAfter = size(eventStore);
        long mongoAfter = size(mongo);
        double perEvent = 1000.0 / storeEvents;
        report.note(section, ("disk of the store directory after the rebuild runs, %,d events: event store %s MB "
                + "→ %s MB after SHUTDOWN COMPACT; read models + tokens %s MB → %s MB after MVStore compaction")
                .formatted(storeEvents, Report.fmt(eventsBefore / 1048576.0), Report.fmt(eventsAfter / 1048576.0),
                        Report.fmt(mongoBefore / 1048576.0), Report.fmt(mongoAfter / 1048576.0)));
        report.line(section, "event store per 1,000 events, before compaction", Report.fmt(eventsBefore * perEvent
                / 1024) + " KB", "", "", "", "");
        double storeKb = eventsAfter * perEvent / 1024;
        double totalKb = (eventsAfter + mongoAfter) * perEvent / 1024;
        report.line(section, "event store per 1,000 events, compacted", Report.fmt(storeKb) + " KB", "2,000 KB",
                "%.2f".formatted(storeKb / 2000), "≤ 2 KB/event", storeKb <= 2000 ? "met" : "NOT met");
        report.line(section, "event store + read models per 1,000 events, compacted", Report.fmt(totalKb) + " KB",
                "2,000 KB", "%.2f".formatted(totalKb / 2000), "≤ 2 KB/event", totalKb <= 2000 ? "met" : "NOT met");
    }

    private static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    // ------------------------------------------------------------------------------------------------ 5. Axon defaults

    private void axonDefaults() throws Exception {
        List<String> properties = new ArrayList<>();
        for (String model : ReadModels.ALL) {
            String prefix = "--axon.eventhandling.processors." + model + ".";
            properties.addAll(List.of(prefix + "mode=tracking", prefix + "batch-size=1", prefix + "thread-count=1",
                    prefix + "initial-segment-count=1"));
        }
        try (var context = start(storeDir(), freePort(), properties)) {
            var processing = context.getBean(EventProcessingConfiguration.class);
            List<String> models = context.getBean(ReadModelAdministration.class).statuses().stream()
                    .map(ReadModelAdministration.Status::name).toList();
            for (String model : models) {
                aloneAxonDefaults.put(model, rebuildAlone(context, processing, models, model));
            }
        }
    }

    private void rebuildRatios() {
        String section = "Rebuild";
        report.note(section, ("each read model alone (the others stopped), from an admin reset, for up to %.0f s or "
                + "until it reaches the head: with the service's settings (pooled, batch 500, one segment, documents read and written once per batch) and with "
                + "Axon's defaults (tracking processor, batch 1, one segment, one write per event) on the same "
                + "store").formatted(windowSeconds));
        for (var entry : aloneDefault.entrySet()) {
            report.ratio(section, entry.getKey() + " alone vs raw scan", entry.getValue(), "events/s",
                    "raw scan+deserialise", rawScan, 0.5);
            Double bound = writeBound.get(entry.getKey());
            if (bound != null) {
                report.ratio(section, entry.getKey() + " alone vs scan + insert bound", entry.getValue(), "events/s",
                        "scan + insert bound", bound, null);
            }
            Double axon = aloneAxonDefaults.get(entry.getKey());
            if (axon != null) {
                report.ratio(section, entry.getKey() + " alone vs Axon defaults", entry.getValue(), "events/s",
                        "Axon defaults", axon, 10.0);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ processes

    /** Runs {@link LoadClient} in a second JVM and returns its RESULT line. */
    private String load(String mode, int port, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-XX:+UseSerialGC", "-cp", benchJar, LoadClient.class.getName(), mode,
                "--base=http://127.0.0.1:" + port));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    result = line.substring(7);
                } else {
                    System.out.println("[load] " + line);
                }
            }
        } finally {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
        if (result == null) {
            throw new IllegalStateException("load process " + mode + " " + List.of(options) + " gave no result");
        }
        System.out.printf("[bench] load %s %s: %s%n", mode, List.of(options), result);
        return result;
    }

    private static Map<String, String> parse(String result) {
        Map<String, String> values = new HashMap<>();
        for (String part : result.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                values.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return values;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
