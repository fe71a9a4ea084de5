package com.jxc.returns.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness at toy scale, without the service (whose start alone takes longer than a build should wait): the
 * latency histogram, the raw JDBC limits on a real H2 file with the service's settings, and the second-process load
 * client against a stand-in HTTP server. The whole benchmark end to end: {@code java -jar bench/target/bench.jar
 * --toy} (a few minutes).
 */
class BenchHarnessTest {

    @TempDir
    Path dir;

    @Test
    void histogramReportsPercentilesWithinTwoPercent() {
        var histo = new Histo();
        for (int millis = 1; millis <= 1000; millis++) {
            histo.recordNanos(millis * 1_000_000L);
        }
        assertThat(histo.count()).isEqualTo(1000);
        assertThat(histo.percentileMs(0.5)).isBetween(490.0, 510.0);
        assertThat(histo.percentileMs(0.99)).isBetween(970.0, 1000.0);
        assertThat(histo.maxMs()).isEqualTo(1000.0);
    }

    @Test
    void rawLimitsInsertAndScanEventRowsOnAnH2FileWithTheServiceSettings() throws Exception {
        var rows = List.of(new RawJdbc.Row("e1", "agg-1", 0, "Order", "2026-11-28T00:00:00Z", "Thing", null,
                "{\"amount\":\"1.00\"}".getBytes(StandardCharsets.UTF_8), "{\"userId\":\"cs\"}".getBytes(
                StandardCharsets.UTF_8)), new RawJdbc.Row("e2", "agg-1", 1, "Order", "2026-11-28T00:00:01Z",
                "Thing", null, "{\"amount\":\"2.00\"}".getBytes(StandardCharsets.UTF_8), null));

        double eachRow = RawJdbc.insertRate(dir.resolve("each"), rows, 1, 0.3);
        double batched = RawJdbc.insertRate(dir.resolve("batch"), rows, 100, 0.3);
        RawJdbc.ScanResult scan = RawJdbc.scanAndDeserialise(dir.resolve("batch"), new ObjectMapper(),
                Map.of("Thing", HashMap.class), 10);

        assertThat(eachRow).isPositive();
        assertThat(batched).isPositive();
        assertThat(scan.events()).isGreaterThanOrEqualTo(2).isEven();
        assertThat(scan.rate()).isPositive();
    }

    @Test
    void loadClientDrivesLifecyclesAndOpenLoopQueries() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> answer(exchange));
        server.start();
        try {
            String base = "--base=http://127.0.0.1:" + server.getAddress().getPort();
            Map<String, String> lifecycles = parse(LoadClient.run(new String[]{"lifecycles", base, "--threads=2",
                    "--seconds=0.5", "--warmup-seconds=0"}));
            Map<String, String> queries = parse(LoadClient.run(new String[]{"queries", base, "--kind=detail",
                    "--rate=100", "--seconds=0.5", "--returns=R-C:10", "--warmup-seconds=0"}));

            assertThat(Long.parseLong(lifecycles.get("lifecycles"))).isPositive();
            assertThat(lifecycles.get("errors")).isEqualTo("0");
            assertThat(Long.parseLong(lifecycles.get("commands")))
                    .isEqualTo(6 * Long.parseLong(lifecycles.get("lifecycles")));
            assertThat(queries.get("sent")).isEqualTo("50");
            assertThat(queries).containsEntry("errors", "0").containsEntry("notOk", "0")
                    .containsEntry("drained", "true");
            assertThat(Double.parseDouble(queries.get("p99"))).isPositive();
        } finally {
            server.stop(0);
        }
    }

    private static void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        boolean post = exchange.getRequestMethod().equals("POST");
        int status = post && (path.equals("/api/sales-orders") || path.equals("/api/returns")) ? 201 : 200;
        byte[] body = "{\"returnId\":\"R-1\"}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
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
}
