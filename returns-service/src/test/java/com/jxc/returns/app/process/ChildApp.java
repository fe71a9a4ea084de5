package com.jxc.returns.app.process;

import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.TestClock;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The returns service as a child JVM: started from the packaged executable jar (system property
 * {@code returns.it.jar}, set by failsafe), its stdout and stderr in a log file under {@code target/it}, reachable
 * over HTTP on its own port. {@link #close()} always leaves no process behind.
 */
public final class ChildApp implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(250);

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;
    private final ServiceHttp http;

    private ChildApp(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
        this.http = ServiceHttp.at("http://127.0.0.1:" + port);
    }

    /** Starts the jar with {@code --server.port=port} plus {@code appArgs}; logs go to {@code log}. */
    public static ChildApp start(String name, int port, Path log, List<String> appArgs) {
        return start(name, port, log, List.of(), appArgs);
    }

    /**
     * As {@link #start(String, int, Path, List)}, with extra JVM options after the defaults (so {@code -Xmx256m}
     * overrides the default heap limit).
     */
    public static ChildApp start(String name, int port, Path log, List<String> jvmOptions, List<String> appArgs) {
        Path jar = jar();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Dfile.encoding=UTF-8"));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-jar", jar.toString(),
                "--server.port=" + port,
                "--spring.main.banner-mode=off"));
        if (!TestClock.suiteOffset().isZero()) {
            command.add("--" + TestClock.OFFSET_PROPERTY + "=" + TestClock.suiteOffset());
        }
        command.addAll(appArgs);
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            System.out.printf("[%s] started pid %d on port %d, log %s%n  %s%n", name, process.pid(), port, log,
                    String.join(" ", command));
            return new ChildApp(name, port, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public static Path jar() {
        String jar = System.getProperty("returns.it.jar", "target/returns-service.jar");
        Path path = Path.of(jar).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("executable jar " + path + " is missing; run these tests with "
                    + "'mvn verify' (failsafe runs after 'package')");
        }
        return path;
    }

    /** A directory under {@code target/it} (system property {@code returns.it.work-dir}) unique to this run. */
    public static Path workDir(String testName) {
        Path base = Path.of(System.getProperty("returns.it.work-dir", "target/it")).toAbsolutePath();
        try {
            Files.createDirectories(base);
            return Files.createTempDirectory(base, testName + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code /actuator/health} until it answers 200 UP; fails early, with the log's tail, if the JVM dies. */
    public ChildApp awaitHealthy(Duration timeout) {
        Instant start = Instant.now();
        AtomicReference<String> last = new AtomicReference<>("no answer yet");
        try {
            Awaitility.await(name + " healthy")
                    .atMost(timeout)
                    .pollDelay(Duration.ofMillis(500))
                    .pollInterval(POLL)
                    .failFast(name + " exited before it became healthy", () -> !process.isAlive())
                    .until(() -> {
                        try {
                            var response = http.get("/actuator/health", null);
                            last.set(response.status() + " " + response.body());
                            return response.status() == 200
                                    && response.body().contains("\"status\":\"UP\"");
                        } catch (UncheckedIOException e) {
                            last.set(e.toString());
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError("[" + name + "] not healthy (" + e.getMessage() + "; exit value "
                    + (process.isAlive() ? "none, still running" : process.exitValue()) + "; last answer: "
                    + last.get() + "); log " + log + ":\n" + logTail(80), e);
        }
        System.out.printf("[%s] healthy after %d ms%n", name, Duration.between(start, Instant.now()).toMillis());
        return this;
    }

    /** SIGKILL: no shutdown hooks, no flushing. Returns the exit value, 137 (128 + 9) when it really was -9. */
    public int killHard() {
        process.destroyForcibly();
        int exit = waitForExit(Duration.ofSeconds(30));
        System.out.printf("[%s] killed with SIGKILL, exit value %d%n", name, exit);
        return exit;
    }

    /** SIGTERM (graceful Spring shutdown), then SIGKILL if it does not end within the timeout. */
    public int stop(Duration timeout) {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy();
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                System.out.printf("[%s] stopped, exit value %d%n", name, process.exitValue());
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.printf("[%s] did not stop within %s, killing it%n", name, timeout);
        return killHard();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(30));
        }
    }

    private int waitForExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("[" + name + "] pid " + process.pid() + " still alive after " + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /**
     * Whether the JVM began a graceful shutdown (SIGTERM/SIGINT): Spring logs it from its shutdown hook. After
     * {@link #killHard()} it must not have, and before it, it means someone else stopped the process.
     */
    public boolean shutdownLogged() {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.anyMatch(line -> line.contains("Commencing graceful shutdown")
                    || line.contains("[ionShutdownHook]"));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** The one HTTP client of the suite, pointed at this JVM. */
    public ServiceHttp http() {
        return http;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }
}
