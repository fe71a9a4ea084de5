package com.jxc.returns.app.readmodels;

import com.jxc.returns.app.ReturnsApplication;
import com.jxc.returns.app.testing.LifecycleDriver;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client watching a return's updates does not hold up the service's graceful shutdown: the stream ends when the
 * service stops, instead of the web server waiting for it until its shutdown timeout (30 s) and giving up.
 */
@ExtendWith(OutputCaptureExtension.class)
class UpdatesEndAtShutdownTest {

    @TempDir
    Path dataDir;

    @Test
    void anOpenUpdatesStreamEndsWhenTheServiceShutsDown(CapturedOutput output) {
        var context = new SpringApplicationBuilder(ReturnsApplication.class).run("--server.port=0",
                "--returns.data-dir=" + dataDir, "--returns.mongodb.embedded-port=0");
        var http = ServiceHttp.onPort(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
        String order = "SO-" + UUID.randomUUID().toString().substring(0, 8);
        String returnId = new LifecycleDriver(http).orderAndSubmit(Orders.salesOrder(order).shippedDaysAgo(2)
                .line("SKU-UP", "general", 2, "900.00"), Orders.returnOf(order).line(1, 1, "OPENED"));
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/returns/" + returnId, "cs").is2xx());
        List<String> events = new CopyOnWriteArrayList<>();
        var stream = http.streamLines("/api/returns/" + returnId + "/updates", "cs", line -> {
            if (line.startsWith("data:")) {
                events.add(line);
            }
        });
        await("the return's state on the stream").atMost(Duration.ofSeconds(30)).until(() -> !events.isEmpty());

        context.close();

        assertThat(stream).as("the server ended the stream").succeedsWithin(Duration.ofSeconds(10));
        assertThat(output.getAll()).contains("Graceful shutdown complete")
                .doesNotContain("Graceful shutdown aborted");
    }
}
