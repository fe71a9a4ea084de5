package com.jxc.returns.app.reliability;

import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.api.purchasing.GoodsReceived;
import com.jxc.returns.api.returnrequest.ReturnInspected;
import com.jxc.returns.api.returnrequest.ReturnReceived;
import com.jxc.returns.api.returnrequest.ReturnSettled;
import com.jxc.returns.api.salesorder.SalesOrderRecorded;
import com.jxc.returns.app.ReturnsApplication;
import com.jxc.returns.platform.serialization.SerializationConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static com.jxc.returns.app.reliability.ReliabilityScenarios.ok;
import static com.jxc.returns.app.testing.ServiceChecks.awaitCaughtUp;
import static com.jxc.returns.app.testing.ServiceChecks.awaitSealedAndVerified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backup taken while three clients keep writing: the export is a gap-free prefix of the stream, and a new
 * installation restored from it (a second application with its own data directory) answers exactly as the original
 * for everything up to the export's last position: every return whose events all lie in that prefix, the stock levels
 * recounted from the exported events, and a verified tamper-evidence chain.
 */
@ServiceTest
class BackupUnderLoadHttpTest extends ServiceOverHttp {

    private static final ObjectMapper EVENTS = SerializationConfiguration.messageMapper();

    @TempDir
    Path restoredDir;


    @Test
    void anExportTakenUnderLoadRestoresToTheSameAnswersUpToItsLastPosition() throws Exception {
        ok(lifecycle.receivePurchase(Orders.purchaseReceipt("PO-LOAD-1").line("SKU-1", 500, "100.00")), "receipt");

        var writing = new AtomicBoolean(true);
        var settled = new AtomicInteger();
        var failures = new ConcurrentLinkedQueue<Throwable>();
        ExecutorService clients = Executors.newFixedThreadPool(3);
        List<Future<?>> running = new ArrayList<>();
        for (int client = 0; client < 3; client++) {
            int c = client;
            running.add(clients.submit(() -> {
                for (int i = 0; writing.get(); i++) {
                    try {
                        ReliabilityScenarios.settledReturn(lifecycle, "SO-LOAD-" + c + "-" + i);
                        settled.incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(e);
                        return;
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> settled.get() >= 6 || !failures.isEmpty());
        var export = http.get("/api/admin/export", "admin");
        int settledAtExport = settled.get();
        await().atMost(Duration.ofSeconds(120)).until(() -> settled.get() >= settledAtExport + 3
                || !failures.isEmpty());
        writing.set(false);
        for (Future<?> client : running) {
            client.get(120, TimeUnit.SECONDS);
        }
        clients.shutdown();
        assertThat(failures).isEmpty();
        assertThat(export.status()).isEqualTo(200);
        awaitCaughtUp(http);

        List<JsonNode> exported = export.body().lines().map(OldEventRevisionsHttpTest::json).toList();
        long last = exported.get(exported.size() - 1).get("position").asLong();
        List<JsonNode> everything = OldEventRevisionsHttpTest.export(http);
        assertThat(everything.size()).as("the clients went on writing after the export").isGreaterThan(exported.size());
        List<JsonNode> prefix = everything.stream().filter(e -> e.get("position").asLong() <= last).toList();
        assertThat(exported).as("the export is exactly the stream up to its last position, without holes")
                .isEqualTo(prefix);

        try (ConfigurableApplicationContext restored = new SpringApplicationBuilder(ReturnsApplication.class)
                .run("--server.port=0", "--returns.data-dir=" + restoredDir, "--returns.mongodb.embedded-port=0")) {
            var other = ServiceHttp.onPort(((WebServerApplicationContext) restored).getWebServer().getPort());
            var imported = ok(other.post("/api/admin/import", "admin", export.body()), "import");
            assertThat(imported.json().get("lastPosition").asLong()).isEqualTo(last);
            awaitCaughtUp(other);

            Map<String, Long> lastPositionOfReturn = new HashMap<>();
            everything.stream().filter(e -> e.get("aggregateType").asText().equals("ReturnRequest"))
                    .forEach(e -> lastPositionOfReturn.merge(e.get("aggregateId").asText(),
                            e.get("position").asLong(), Math::max));
            Set<String> complete = lastPositionOfReturn.entrySet().stream().filter(e -> e.getValue() <= last)
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            Set<String> cutOff = lastPositionOfReturn.entrySet().stream().filter(e -> e.getValue() > last)
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            assertThat(complete).hasSizeGreaterThanOrEqualTo(6);
            assertThat(cutOff).isNotEmpty();
            for (String returnId : complete) {
                assertThat(other.get("/api/returns/" + returnId, "cs").json()).as(returnId)
                        .isEqualTo(http.get("/api/returns/" + returnId, "cs").json());
            }
            for (String returnId : cutOff) {
                var partial = other.get("/api/returns/" + returnId, "cs");
                if (partial.status() == 200) {
                    assertThat(partial.json().get("state").asText()).as(returnId).isNotEqualTo("SETTLED");
                }
            }

            assertThat(stockLevels(other)).isEqualTo(recount(exported));
            JsonNode report = awaitSealedAndVerified(other, last);
            assertThat(report.get("eventsChecked").asLong()).isEqualTo(exported.size());
            System.out.printf("BACKUP UNDER LOAD: exported %d of %d events (last position %d); %d returns complete, "
                    + "%d cut off; restored verify %s%n", exported.size(), everything.size(), last, complete.size(),
                    cutOff.size(), report);
        }
    }

    private static Map<String, List<Long>> stockLevels(ServiceHttp http) {
        Map<String, List<Long>> levels = new TreeMap<>();
        http.get("/api/stock-levels", "auditor").json().path("levels").forEach(level -> levels.put(
                level.path("warehouse").asText() + "|" + level.path("sku").asText(),
                List.of(level.path("available").asLong(), level.path("inInspection").asLong(),
                        level.path("scrap").asLong(), level.path("repair").asLong(),
                        level.path("returnToVendor").asLong())));
        return levels;
    }

    /** Stock per warehouse and SKU recounted from the exported events alone. */
    private static Map<String, List<Long>> recount(List<JsonNode> events) throws Exception {
        Map<String, long[]> buckets = new TreeMap<>();
        for (JsonNode event : events) {
            JsonNode payload = event.get("payload");
            switch (event.get("type").asText()) {
                case "GoodsReceived" -> {
                    var e = EVENTS.treeToValue(payload, GoodsReceived.class);
                    e.lines().forEach(l -> bucket(buckets, e.warehouse().value(), l.sku().value())[0] +=
                            l.quantity().value());
                }
                case "SalesOrderRecorded" -> {
                    var e = EVENTS.treeToValue(payload, SalesOrderRecorded.class);
                    e.lines().forEach(l -> bucket(buckets, e.warehouse().value(), l.sku().value())[0] -=
                            l.quantity().value());
                }
                case "ReturnReceived" -> {
                    var e = EVENTS.treeToValue(payload, ReturnReceived.class);
                    e.lines().forEach(l -> bucket(buckets, e.warehouse().value(), l.receivedSku().value())[1] +=
                            l.received().value());
                }
                case "ReturnInspected" -> {
                    var e = EVENTS.treeToValue(payload, ReturnInspected.class);
                    e.lines().forEach(l -> {
                        long[] b = bucket(buckets, e.warehouse().value(), l.sku().value());
                        b[0] += l.restocked().value();
                        b[1] -= l.total().value();
                        b[2] += l.scrapped().value();
                        b[3] += l.repair().value();
                        b[4] += l.returnedToVendor().value();
                    });
                }
                case "ReturnSettled" -> {
                    var e = EVENTS.treeToValue(payload, ReturnSettled.class);
                    if (e.exchange() != null) {
                        bucket(buckets, e.warehouse().value(), e.exchange().sku().value())[0] -=
                                e.exchange().quantity().value();
                    }
                }
                default -> {
                }
            }
        }
        Map<String, List<Long>> levels = new TreeMap<>();
        buckets.forEach((key, b) -> levels.put(key, List.of(b[0], b[1], b[2], b[3], b[4])));
        return levels;
    }

    private static long[] bucket(Map<String, long[]> buckets, String warehouse, String sku) {
        return buckets.computeIfAbsent(warehouse + "|" + sku, k -> new long[5]);
    }
}
