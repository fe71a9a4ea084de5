package com.jxc.returns.app.readmodels;

import com.jxc.returns.app.ReturnsApplication;
import com.jxc.returns.app.testing.LifecycleDriver;
import com.jxc.returns.app.testing.RandomLifecycles;
import com.jxc.returns.app.testing.ServiceChecks;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.platform.storage.EmbeddedMongoServer;
import com.jxc.returns.query.admin.ReadModelAdministration;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A read store with no read model in it, on an event stream that has events (here: its file deleted), is rebuilt at
 * start in one pass over the stream, and comes out equal to the read models built live; a start on a read store that
 * holds them does not rebuild, and a stream shorter than the setting leaves it to each read model's processor.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadStoreRebuiltAtStartTest {

    private static final String REBUILDING_AT_START = "The read store holds no read model yet";
    private static final Duration CATCH_UP = Duration.ofSeconds(90);

    @TempDir
    Path dataDir;

    @Test
    void aNewReadStoreOnAnExistingStreamIsRebuiltInOnePassAndEqualsTheReadModelsBuiltLive(CapturedOutput output)
            throws IOException {
        Map<String, List<Document>> live;
        try (var service = start(100)) {
            var lifecycles = new RandomLifecycles("AS");
            var lifecycle = new LifecycleDriver(http(service));
            lifecycles.stockUp(lifecycle);
            lifecycles.runOneAfterAnother(lifecycle, 30, 20261206L);
            awaitCaughtUp(service);
            live = ReadModelSnapshot.of(service.getBean(MongoDatabase.class));
        }
        assertThat(live.get("returns")).hasSizeGreaterThanOrEqualTo(30);
        assertThat(output.getAll()).as("a new installation starts on an empty stream")
                .doesNotContain(REBUILDING_AT_START);

        Files.delete(dataDir.resolve("mongo").resolve(EmbeddedMongoServer.STORE_FILE));
        try (var service = start(100)) {
            awaitCaughtUp(service);
            assertThat(service.getBean(ReadModelAdministration.class).statuses()).allSatisfy(status ->
                    assertThat(status.rebuild().inOnePass()).as("%s", status).isTrue());
            assertThat(ReadModelSnapshot.of(service.getBean(MongoDatabase.class))).isEqualTo(live);
        }
        assertThat(output.getAll()).contains(REBUILDING_AT_START)
                .containsPattern("Rebuilt \\[returns, stock-levels, [a-z, -]+] in one pass");

        try (var service = start(100)) {
            awaitCaughtUp(service);
            assertThat(ReadModelSnapshot.of(service.getBean(MongoDatabase.class))).isEqualTo(live);
        }
        assertThat(occurrences(output, REBUILDING_AT_START)).as("a store with read models is not rebuilt").isOne();

        Files.delete(dataDir.resolve("mongo").resolve(EmbeddedMongoServer.STORE_FILE));
        try (var service = start(1_000_000)) {
            awaitCaughtUp(service);
            assertThat(service.getBean(ReadModelAdministration.class).statuses()).allSatisfy(status ->
                    assertThat(status.rebuild()).as("%s", status).isNull());
            assertThat(ReadModelSnapshot.of(service.getBean(MongoDatabase.class))).isEqualTo(live);
        }
        assertThat(occurrences(output, REBUILDING_AT_START)).as("below the setting each processor catches up").isOne();
    }

    private ConfigurableApplicationContext start(long rebuildInOnePassFrom) {
        return new SpringApplicationBuilder(ReturnsApplication.class).run("--server.port=0",
                "--returns.data-dir=" + dataDir, "--returns.mongodb.embedded-port=0",
                "--returns.read-models.rebuild-at-start-in-one-pass-from=" + rebuildInOnePassFrom);
    }

    private static ServiceHttp http(ConfigurableApplicationContext service) {
        return ServiceHttp.onPort(Integer.parseInt(service.getEnvironment().getProperty("local.server.port")));
    }

    private static void awaitCaughtUp(ConfigurableApplicationContext service) {
        var administration = service.getBean(ReadModelAdministration.class);
        await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(200)).until(() -> administration.statuses().stream()
                .allMatch(status -> status.running() && !status.replaying() && status.lag() == 0
                        && status.deadLetters() == 0));
        ServiceChecks.awaitCaughtUp(http(service));
    }

    private static long occurrences(CapturedOutput output, String text) {
        return Pattern.compile(Pattern.quote(text)).matcher(output.getAll()).results().count();
    }
}
