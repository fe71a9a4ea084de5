package com.jxc.returns.app.readmodels;

import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.projection.returns.ReturnViewRepository;
import com.jxc.returns.projection.returns.ReturnWorklist;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Until the in-memory worklist has caught up with the stream, a worklist request is answered by a scan of the
 * collection only while the collection is small; a large one gets 503 with Retry-After instead of a scan that would
 * collect every return in the heap. The limit is 0 here, so one return makes the collection "large".
 */
@ServiceTest(properties = "returns.worklist.scan-limit=0")
class WorklistWhileLoadingTest {

    @LocalServerPort
    int port;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    CommandGateway commands;
    @Autowired
    ReturnViewRepository returns;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aLargeCollectionIsNotScannedWhileTheIndexLoads() throws Exception {
        StreamingEventProcessor index = processing.eventProcessor(ReturnWorklist.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        index.shutdownAsync().get();

        HttpResponse<String> empty = worklist();
        assertThat(empty.statusCode()).as(empty.body()).isEqualTo(200);
        assertThat(empty.body()).contains("\"total\":0");

        var driver = new LifecycleDriver(commands, 11L);
        driver.stockUp();
        driver.runOne();
        await().atMost(Duration.ofSeconds(30)).until(() -> returns.estimatedCount() > 0);

        HttpResponse<String> loading = worklist();
        assertThat(loading.statusCode()).as(loading.body()).isEqualTo(503);
        assertThat(loading.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(loading.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(loading.body()).contains("worklist is still being loaded");

        index.start();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> answered = worklist();
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
            assertThat(answered.body()).contains("\"total\":1");
        });
    }

    private HttpResponse<String> worklist() throws Exception {
        String basic = Base64.getEncoder().encodeToString("reviewer:reviewer".getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/returns"))
                .header("Authorization", "Basic " + basic).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
