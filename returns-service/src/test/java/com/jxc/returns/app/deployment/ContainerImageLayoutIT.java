package com.jxc.returns.app.deployment;

import com.jxc.returns.app.process.ChildApp;
import com.jxc.returns.app.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.jxc.returns.app.deployment.DeploymentFiles.dockerfile;
import static com.jxc.returns.app.deployment.DeploymentFiles.finalStage;
import static com.jxc.returns.app.deployment.DeploymentFiles.instruction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the Dockerfile does to the built jar, done here without a container engine: the layer extraction of its first
 * stage, then its entry point started from the extracted layers, and its health check run as written (curl) until the
 * service answers.
 */
class ContainerImageLayoutIT {

    @Test
    void theExtractedLayersStartTheServiceAndPassTheHealthCheck() throws Exception {
        Path work = ChildApp.workDir("container-image-layout");
        Path build = Files.createDirectories(work.resolve("build"));
        Files.copy(ChildApp.jar(), build.resolve("returns-service.jar"));
        String extract = dockerfile().stream().filter(line -> line.startsWith("RUN java -Djarmode=tools"))
                .findFirst().orElseThrow().substring("RUN ".length());
        assertThat(run(build, List.of("sh", "-c", extract), work.resolve("extract.log"))).isZero();

        Path image = Files.createDirectories(work.resolve("image"));
        for (String copy : finalStage().stream().filter(line -> line.startsWith("COPY --from=layers")).toList()) {
            Path layer = build.resolve(copy.split("\\s+")[2].replace("/build/", ""));
            assertThat(layer).as(copy).isDirectory();
            copyTree(layer, image);
        }

        int port = ChildApp.freePort();
        List<String> entryPoint = new ArrayList<>(List.of(instruction(finalStage(), "ENTRYPOINT").orElseThrow()
                .replaceAll("[\\[\\]\"]", "").split(",\\s*")));
        entryPoint.addAll(List.of("--server.port=" + port, "--returns.data-dir=" + work.resolve("data"),
                "--returns.clock.offset=" + TestClock.suiteOffset()));
        Process service = new ProcessBuilder(entryPoint).directory(image.toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("service.log").toFile()).start();
        try {
            String healthCheck = instruction(finalStage(), "HEALTHCHECK").orElseThrow();
            String probe = healthCheck.substring(healthCheck.indexOf("CMD ") + 4).replace(":8080/", ":" + port + "/");
            await("the image's health check passes").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> service.isAlive() && run(image, List.of("sh", "-c", probe), work.resolve("probe.log")) == 0);
        } finally {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    private static int run(Path directory, List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
