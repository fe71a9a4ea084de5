package com.jxc.returns.app.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.platform.storage.EmbeddedMongoServer;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An operator's first session on the embedded read store with the current {@code mongosh} (npm, which {@code .ci/run}
 * installs into {@code .ci/tools}): it connects, and what the README promises an operator can run answers right.
 * Skipped only where the binary is absent (CI installs it).
 */
@ServiceTest
class MongoshOnTheEmbeddedStoreTest extends ServiceOverHttp {

    private static final Path MONGOSH = Path.of(System.getProperty("mongosh",
            "../.ci/tools/node_modules/.bin/mongosh"));

    @Autowired
    EmbeddedMongoServer store;
    @Autowired
    MongoDatabase database;

    @TempDir
    Path home;

    @Test
    void anOperatorConnectsCountsReadsListsAndExplains() throws Exception {
        assumeTrue(Files.isExecutable(MONGOSH), "mongosh is not installed at " + MONGOSH.toAbsolutePath()
                + "; install it with 'npm install --prefix .ci/tools mongosh@2.12.0' in the project root");
        lifecycle.receivePurchase(Orders.purchaseReceipt("PO-SH-1").line("SKU-SH", 20, "40.00")).ok("receipt");
        String first = submitReturn("SO-SH-1");
        String second = submitReturn("SO-SH-2");
        await().atMost(Duration.ofSeconds(30)).until(() -> database.getCollection("returns")
                .countDocuments(Filters.in("_id", first, second)) == 2
                && database.getCollection("stock_levels").countDocuments() > 0);

        JsonNode seen = mongosh("""
                print(EJSON.stringify({
                  version: db.version(),
                  writable: db.hello().isWritablePrimary,
                  count: db.returns.countDocuments(),
                  one: db.returns.findOne({_id: '%s'}),
                  names: db.getCollectionNames(),
                  byId: db.returns.find({_id: '%s'}).explain().queryPlanner.winningPlan,
                  byState: db.returns.find({state: 'REQUESTED'}).explain().queryPlanner.winningPlan,
                  stockIndexes: db.stock_levels.getIndexes(),
                }, {relaxed: true}))
                """.formatted(first, first));

        assertThat(seen.path("version").asText()).isEqualTo("5.0.0");
        assertThat(seen.path("writable").asBoolean()).isTrue();
        assertThat(seen.path("count").asLong()).isEqualTo(database.getCollection("returns").countDocuments());
        assertThat(seen.path("count").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(seen.at("/one/_id").asText()).isEqualTo(first);
        assertThat(seen.at("/one/request/orderId").asText()).isEqualTo("SO-SH-1");
        assertThat(texts(seen.path("names"))).contains("returns", "stock_levels", "trackingtokens");
        assertThat(seen.at("/byId/stage").asText()).isEqualTo("FETCH");
        assertThat(seen.at("/byId/inputStage/stage").asText()).isEqualTo("IXSCAN");
        assertThat(seen.at("/byId/inputStage/indexName").asText()).isEqualTo("_id_");
        assertThat(seen.at("/byState/stage").asText()).isEqualTo("COLLSCAN");
        assertThat(seen.path("stockIndexes").findValuesAsText("name")).contains("_id_");
    }

    private String submitReturn(String orderId) {
        return lifecycle.orderAndSubmit(
                Orders.salesOrder(orderId).customer("C-SH", "Wang", "wang@example.com").shippedDaysAgo(3)
                        .line("SKU-SH", "general", 2, "40.00"),
                Orders.returnOf(orderId).line(1, 1, "OPENED"));
    }

    /** Runs {@code script} in mongosh against the embedded store and answers the JSON it printed. */
    private JsonNode mongosh(String script) throws Exception {
        var command = new ProcessBuilder(MONGOSH.toString(), "--quiet", "--norc", store.connectionString("returns"),
                "--eval", script).redirectErrorStream(true);
        command.environment().put("HOME", home.toString());
        Process shell = command.start();
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor(120, TimeUnit.SECONDS)).as("mongosh ended").isTrue();
        assertThat(shell.exitValue()).as(output).isZero();
        String json = output.lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b).orElse("");
        assertThat(json).as(output).isNotEmpty();
        return new ObjectMapper().readTree(json);
    }

    private static List<String> texts(JsonNode array) {
        var texts = new java.util.ArrayList<String>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
