package com.jxc.returns.app.backup;

import com.jxc.returns.app.testing.LifecycleDriver;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceChecks;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.audit.backup.BackupRunner;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.jxc.returns.app.ReturnsApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.jxc.returns.app.testing.LifecycleDriver.inspected;
import static com.jxc.returns.app.testing.LifecycleDriver.lines;
import static com.jxc.returns.app.testing.LifecycleDriver.method;
import static com.jxc.returns.app.testing.ServiceChecks.readModelStatuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Backup and restore: the event store exported as JSON Lines, imported into a new installation (a second
 * application with its own data directory), exported again byte for byte the same; the rebuilt read models equal
 * the original ones, and the rebuild can be watched. Then the same without HTTP, through the command line mode.
 */
@ServiceTest
class BackupRoundTripHttpTest extends ServiceOverHttp {

    private static final Duration CATCH_UP = Duration.ofSeconds(90);

    @TempDir
    Path scratch;


    @Test
    void exportImportExportIsByteIdenticalAndTheRestoredReadModelsEqualTheOriginals() throws Exception {
        someHistory();
        ServiceChecks.awaitCaughtUp(http);
        byte[] original = export(http, "admin");
        List<String> lines = new String(original, StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.size()).isGreaterThan(20);
        System.out.println("EXPORT FIRST LINES\n" + String.join("\n", lines.subList(0, 2)));

        Path restoredDir = scratch.resolve("restored");
        try (ConfigurableApplicationContext restored = boot(restoredDir)) {
            int restoredPort = ((WebServerApplicationContext) restored).getWebServer().getPort();
            var other = ServiceHttp.onPort(restoredPort);

            String last = lines.get(lines.size() - 1);
            String corrupted = String.join("\n", lines.subList(0, lines.size() - 1)) + "\n"
                    + last.replaceFirst("\"type\":\"[A-Za-z]+\"", "\"type\":\"ReturnSmuggled\"") + "\n";
            var refused = other.post("/api/admin/import", "admin", corrupted);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.isProblem()).isTrue();
            assertThat(refused.json().get("detail").asText())
                    .startsWith("line " + lines.size() + ": unknown event type ReturnSmuggled");
            assertThat(new String(export(other, "admin"), StandardCharsets.UTF_8).lines())
                    .as("nothing imported, the new installation's own default policy still there").hasSize(1);
            assertThat(other.post("/api/admin/import", "auditor", new String(original, StandardCharsets.UTF_8))
                    .status()).isEqualTo(403);

            var imported = other.post("/api/admin/import", "admin", new String(original, StandardCharsets.UTF_8));
            assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
            System.out.println("IMPORT RESPONSE " + imported.body());
            assertThat(imported.json().get("events").asLong()).isEqualTo(lines.size());
            long lastPosition = imported.json().get("lastPosition").asLong();

            List<JsonNode> watched = watchRebuild(other);
            System.out.println("READ MODEL STATUS AFTER REBUILD " + other.get("/api/admin/read-models", "auditor")
                    .body());
            for (JsonNode status : watched) {
                JsonNode rebuild = status.get("rebuild");
                assertThat(rebuild).as(status.toString()).isNotNull();
                assertThat(rebuild.get("eventsTotal").asLong()).isEqualTo(lastPosition + 1);
                assertThat(rebuild.get("eventsDone").asLong()).isBetween(0L, lastPosition + 1);
                if (rebuild.get("finished").asBoolean()) {
                    assertThat(rebuild.get("eventsDone").asLong()).isEqualTo(lastPosition + 1);
                    assertThat(rebuild.get("secondsLeft").asDouble()).isZero();
                    assertThat(rebuild.get("finishedAt").asText()).isNotBlank();
                } else if (rebuild.hasNonNull("eventsPerSecond")) {
                    assertThat(rebuild.get("eventsPerSecond").asDouble()).isPositive();
                    assertThat(rebuild.get("secondsLeft").asDouble()).isNotNegative();
                }
            }
            for (JsonNode status : readModelStatuses(other)) {
                assertThat(status.at("/rebuild/finished").asBoolean()).as(status.toString()).isTrue();
                assertThat(status.at("/rebuild/eventsDone").asLong()).isEqualTo(lastPosition + 1);
            }

            assertThat(export(other, "admin")).isEqualTo(original);
            // the worklist index behind /api/returns follows the stream on its own, a moment after the read models
            for (String path : List.of("/api/returns?size=200", "/api/stock-levels",
                    "/api/ledger/trial-balance", "/api/ledger/entries?size=500")) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(other.get(path, "auditor")
                        .json()).as(path).isEqualTo(http.get(path, "auditor").json()));
            }
            var again = other.post("/api/admin/import", "admin", new String(original, StandardCharsets.UTF_8));
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.isProblem()).isTrue();
            System.out.println("SECOND IMPORT " + again.body());
        }

        Path cliExport = scratch.resolve("cli-export.jsonl");
        runCommandLine("export", "--file=" + cliExport, "--returns.data-dir=" + restoredDir);
        assertThat(Files.readAllBytes(cliExport)).isEqualTo(original);
        Path cliDir = scratch.resolve("cli-restored");
        runCommandLine("import", "--file=" + cliExport, "--returns.data-dir=" + cliDir);
        Path cliAgain = scratch.resolve("cli-again.jsonl");
        runCommandLine("export", "--file=" + cliAgain, "--returns.data-dir=" + cliDir);
        assertThat(Files.readAllBytes(cliAgain)).isEqualTo(original);
    }

    private void someHistory() {
        done(lifecycle.receivePurchase(Orders.purchaseReceipt("PO-BK-1").supplier("深圳电子有限公司")
                .line("SKU-1", 50, "100.00")), "receipt");
        for (int i = 1; i <= 3; i++) {
            done(lifecycle.recordOrder(Orders.salesOrder("SO-BK-" + i, 4)), "order " + i);
        }
        String settled = lifecycle.submit(Orders.returnOf("SO-BK-1", 2)).json().get("returnId").asText();
        done(lifecycle.approve(settled), "approve");
        done(lifecycle.receive(settled, lines(1, 2)), "receive");
        done(lifecycle.inspect(settled, inspected(1, 1, 1, 0, 0, 0)), "inspect");
        done(lifecycle.settle(settled, method("STORE_CREDIT")), "settle");
        String rejected = lifecycle.submit(Orders.returnOf("SO-BK-2", 1)).json().get("returnId").asText();
        done(lifecycle.reject(rejected, "worn"), "reject");
        lifecycle.submit(Orders.returnOf("SO-BK-3", 3));
    }

    private static void done(ServiceHttp.Response response, String what) {
        response.expect(what, 200, 201);
    }

    private static ConfigurableApplicationContext boot(Path dir) {
        return new SpringApplicationBuilder(ReturnsApplication.class).run("--server.port=0",
                "--returns.data-dir=" + dir, "--returns.mongodb.embedded-port=0");
    }

    /** The command line mode in this JVM; {@code returns.backup.exit=false} keeps it from calling System.exit. */
    private static void runCommandLine(String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--returns.backup.exit=false", "--returns.mongodb.embedded-port=0"));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ReturnsApplication.class)
                .run(all.toArray(String[]::new))) {
            assertThat(context.getBean(BackupRunner.class).getExitCode()).as(String.join(" ", args)).isZero();
            assertThat(context.getEnvironment().getProperty("server.port")).isEqualTo("-1");
        }
    }

    private static byte[] export(ServiceHttp http, String user) {
        var response = http.get("/api/admin/export", user, "*/*");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/x-ndjson");
        return response.body().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean caughtUp(List<JsonNode> statuses) {
        return !statuses.isEmpty() && statuses.stream().allMatch(status -> !status.get("replaying").asBoolean()
                && status.get("position").asLong() >= status.get("head").asLong());
    }

    /** Every status seen while the rebuild ran, until all read models are back at the head. */
    private static List<JsonNode> watchRebuild(ServiceHttp http) {
        var seen = new ArrayList<JsonNode>();
        await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<JsonNode> now = readModelStatuses(http);
            seen.addAll(now);
            return caughtUp(now);
        });
        return seen;
    }
}
