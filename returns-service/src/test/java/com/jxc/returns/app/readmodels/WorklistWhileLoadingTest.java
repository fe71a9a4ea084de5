package com.jxc.returns.app.readmodels;

import com.jxc.returns.app.testing.RandomLifecycles;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.projection.returns.ReturnViewRepository;
import com.jxc.returns.projection.returns.ReturnWorklist;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Until the in-memory worklist has caught up with the stream, a worklist request is answered by a scan of the
 * collection only while the collection is small; a large one gets 503 with Retry-After instead of a scan that would
 * collect every return in the heap. The limit is 0 here, so one return makes the collection "large".
 */
@ServiceTest(properties = "returns.worklist.scan-limit=0")
class WorklistWhileLoadingTest extends ServiceOverHttp {

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    ReturnViewRepository returns;

    @Test
    void aLargeCollectionIsNotScannedWhileTheIndexLoads() throws Exception {
        StreamingEventProcessor index = processing.eventProcessor(ReturnWorklist.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        index.shutdownAsync().get();

        ServiceHttp.Response empty = worklist();
        assertThat(empty.status()).as(empty.body()).isEqualTo(200);
        assertThat(empty.body()).contains("\"total\":0");

        var lifecycles = new RandomLifecycles("WL");
        lifecycles.stockUp(lifecycle);
        lifecycles.runOne(lifecycle, new Random(11L));
        await().atMost(Duration.ofSeconds(30)).until(() -> returns.estimatedCount() > 0);

        ServiceHttp.Response loading = worklist();
        assertThat(loading.status()).as(loading.body()).isEqualTo(503);
        assertThat(loading.headers().getFirst("Content-Type")).isEqualTo("application/problem+json");
        assertThat(loading.headers().getFirst("Retry-After")).isEqualTo("5");
        assertThat(loading.body()).contains("worklist is still being loaded");

        index.start();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ServiceHttp.Response answered = worklist();
            assertThat(answered.status()).as(answered.body()).isEqualTo(200);
            assertThat(answered.body()).contains("\"total\":1");
        });
    }

    private ServiceHttp.Response worklist() {
        return http.get("/api/returns", "reviewer");
    }
}
