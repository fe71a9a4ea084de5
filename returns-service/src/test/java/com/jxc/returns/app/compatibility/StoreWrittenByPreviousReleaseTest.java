package com.jxc.returns.app.compatibility;

import com.fasterxml.jackson.databind.JsonNode;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.mongodb.client.MongoDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service starts on an event store written by an earlier release ({@code fixtures/store-boot-3.5}: Spring Boot
 * 3.5.7, Axon 4.13.0, Jackson 2 serializer, H2 2.3.232; how it was made is in its README) and must answer about it
 * exactly as that release did: every return's view, history and view as of each instant of its history, every read
 * model (built from the old events on start, and again after a rebuild), the export byte for byte, the tamper
 * evidence; and the old aggregates still take commands.
 */
@ServiceTest
class StoreWrittenByPreviousReleaseTest extends ServiceOverHttp {

    static final String FIXTURE = "/fixtures/store-boot-3.5/";

    @Autowired
    MongoDatabase database;

    @Test
    void theCurrentReleaseAnswersAboutAnOldStoreAsTheReleaseThatWroteItDid() throws Exception {
        JsonNode expected = StoreObservation.parse(resource("observed.json"));
        String exported = resource("events.jsonl");

        StoreObservation.awaitCaughtUp(http);
        JsonNode observed = StoreObservation.observe(http, database);
        assertSameAnswers(observed, expected);

        assertThat(ok(http.get("/api/admin/export", "admin")).body()).as("export of the old store")
                .isEqualTo(exported);
        JsonNode verified = ok(http.get("/api/audit/verify", "auditor")).json();
        assertThat(verified.get("verified").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("eventsChecked").asLong()).isEqualTo(exported.lines().count());

        List<String> readModels = new ArrayList<>();
        ok(http.get("/api/admin/read-models", "admin")).json().forEach(status -> readModels.add(
                status.get("name").asText()));
        assertThat(readModels).contains("returns", "stock-levels", "ledger", "notifications", "policy-versions");
        for (String readModel : readModels) {
            assertThat(http.json("POST", "/api/admin/read-models/" + readModel + "/rebuild", "admin", null).status())
                    .as(readModel).isEqualTo(202);
        }
        await().atMost(StoreObservation.CATCH_UP).pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> allRebuilt(http));
        StoreObservation.awaitCaughtUp(http);
        assertThat(StoreObservation.readModels(database)).as("read models rebuilt from the old events")
                .isEqualTo(StoreObservation.withoutSortCopies(expected.get("readModels")));

        // the aggregates load from the old events: a settled return takes feedback once
        String settledWithoutFeedback = returnWhose(expected, "SETTLED", false);
        String settledWithFeedback = returnWhose(expected, "SETTLED", true);
        assertThat(ok(http.json("POST", "/api/returns/" + settledWithoutFeedback + "/feedback", "cs",
                "{\"rating\":5,\"channel\":\"SURVEY\"}")).status()).isEqualTo(200);
        var again = http.json("POST", "/api/returns/" + settledWithFeedback + "/feedback", "cs", "{\"rating\":1}");
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.json().get("rule").asText()).isEqualTo("feedback-already-given");
    }

    static void assertSameAnswers(JsonNode observed, JsonNode expected) {
        JsonNode expectedReturns = expected.get("returns");
        JsonNode observedReturns = observed.get("returns");
        List<String> expectedIds = new ArrayList<>();
        expectedReturns.fieldNames().forEachRemaining(expectedIds::add);
        List<String> observedIds = new ArrayList<>();
        observedReturns.fieldNames().forEachRemaining(observedIds::add);
        assertThat(observedIds).isEqualTo(expectedIds);
        for (String id : expectedIds) {
            assertThat(observedReturns.at("/" + id + "/view")).as(id + " view")
                    .isEqualTo(expectedReturns.at("/" + id + "/view"));
            assertThat(observedReturns.at("/" + id + "/history")).as(id + " history")
                    .isEqualTo(expectedReturns.at("/" + id + "/history"));
            assertThat(observedReturns.at("/" + id + "/asOf")).as(id + " as of each instant of its history")
                    .isEqualTo(expectedReturns.at("/" + id + "/asOf"));
        }
        JsonNode expectedReadModels = StoreObservation.withoutSortCopies(expected.get("readModels"));
        expectedReadModels.fieldNames().forEachRemaining(collection ->
                assertThat(observed.at("/readModels/" + collection)).as("read model " + collection)
                        .isEqualTo(expectedReadModels.get(collection)));
        assertThat(observed.get("readModels")).isEqualTo(expectedReadModels);
    }

    private static boolean allRebuilt(ServiceHttp http) {
        JsonNode statuses = http.get("/api/admin/read-models", "admin").json();
        for (JsonNode status : statuses) {
            if (status.has("rebuild") && !status.at("/rebuild/finished").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    private static String returnWhose(JsonNode expected, String state, boolean withFeedback) {
        var ids = expected.get("returns").fieldNames();
        while (ids.hasNext()) {
            String id = ids.next();
            JsonNode view = expected.at("/returns/" + id + "/view");
            if (view.get("state").asText().equals(state) && view.has("feedback") == withFeedback) {
                return id;
            }
        }
        throw new AssertionError("the fixture has no " + state + " return " + (withFeedback ? "with" : "without")
                + " feedback");
    }

    private static ServiceHttp.Response ok(ServiceHttp.Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 202);
        return response;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = StoreWrittenByPreviousReleaseTest.class.getResourceAsStream(FIXTURE + name)) {
            assertThat(in).as(FIXTURE + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Unpacks the old event store into this class's data directory before any bean opens it (the read-model store
     * starts empty, so every read model is built from the old events).
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class OldEventStore implements BeanFactoryPostProcessor, EnvironmentAware {

        private Path eventStoreDir;

        @Override
        public void setEnvironment(Environment environment) {
            eventStoreDir = Path.of(environment.getRequiredProperty("returns.data-dir")).resolve("eventstore");
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            try (var zip = new ZipInputStream(StoreWrittenByPreviousReleaseTest.class
                    .getResourceAsStream(FIXTURE + "eventstore.zip"))) {
                Files.createDirectories(eventStoreDir);
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    Path file = eventStoreDir.resolve(Path.of(entry.getName()).getFileName());
                    Files.copy(zip, file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
