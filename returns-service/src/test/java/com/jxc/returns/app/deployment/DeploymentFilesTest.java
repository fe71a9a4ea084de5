package com.jxc.returns.app.deployment;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.jxc.returns.app.deployment.DeploymentFiles.compose;
import static com.jxc.returns.app.deployment.DeploymentFiles.finalStage;
import static com.jxc.returns.app.deployment.DeploymentFiles.instruction;
import static com.jxc.returns.app.deployment.DeploymentFiles.read;
import static com.jxc.returns.app.deployment.DeploymentFiles.service;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No container runs on the machines this is built on, so the deployment files are checked by reading them: the
 * topology the README documents, the properties they set exist, the image runs as a user with a health check.
 * {@code ContainerImageLayoutIT} runs the image's layer extraction and entry point on the built jar.
 */
class DeploymentFilesTest {

    private static final Map<String, String> APP_SERVICES = Map.of(
            "command-1", "command", "command-2", "command", "query-1", "query", "query-2", "query");
    private static final Map<String, String> PUBLISHED_PORTS = Map.of(
            "command-1", "8081:8080", "command-2", "8082:8080", "query-1", "8083:8080", "query-2", "8084:8080");
    private static final List<String> MONGO_MEMBERS = List.of("mongo-1", "mongo-2", "mongo-3");

    @Test
    @SuppressWarnings("unchecked")
    void composeHasTheDocumentedTopology() {
        Map<String, Object> services = (Map<String, Object>) compose().get("services");
        assertThat(services).containsOnlyKeys("postgres", "mongo-1", "mongo-2", "mongo-3", "mongo-init",
                "command-1", "command-2", "query-1", "query-2");
        assertThat((String) service("postgres").get("image")).startsWith("postgres:");
        for (String member : MONGO_MEMBERS) {
            assertThat((String) service(member).get("image")).startsWith("mongo:");
            assertThat((List<String>) service(member).get("command")).containsSubsequence("--replSet", "rs0");
        }
        String initiate = String.join(" ", (List<String>) service("mongo-init").get("command"));
        MONGO_MEMBERS.forEach(member -> assertThat(initiate).contains("host: '" + member + ":27017'"));
        assertThat(initiate).contains("_id: 'rs0'");

        APP_SERVICES.forEach((name, profile) -> {
            Map<String, Object> app = service(name);
            assertThat(app.get("build")).as(name).isEqualTo(".");
            assertThat(app.get("image")).as(name).isEqualTo("jxc/returns-service:latest");
            Map<String, String> environment = (Map<String, String>) app.get("environment");
            assertThat(environment.get("SPRING_PROFILES_ACTIVE")).as(name).isEqualTo(profile);
            assertThat((List<String>) app.get("ports")).as(name).containsExactly(PUBLISHED_PORTS.get(name));
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) app.get("depends_on");
            assertThat(dependsOn.get("postgres")).containsEntry("condition", "service_healthy");
            assertThat(dependsOn.get("mongo-init")).containsEntry("condition", "service_completed_successfully");

            URI events = URI.create(environment.get("RETURNS_EVENTSTORE_URL").substring("jdbc:".length()));
            assertThat(events.getScheme()).isEqualTo("postgresql");
            assertThat(events.getHost()).isEqualTo("postgres");
            assertThat(events.getPath()).isEqualTo("/" + ((Map<String, String>) service("postgres")
                    .get("environment")).get("POSTGRES_DB"));
            String readModels = environment.get("RETURNS_MONGODB_URI");
            assertThat(readModels).startsWith("mongodb://" + MONGO_MEMBERS.stream().map(m -> m + ":27017")
                    .collect(Collectors.joining(",")) + "/returns?").contains("replicaSet=rs0");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyVariableTheAppServicesSetIsADocumentedProperty() {
        String readme = read("README.md");
        Set<String> variables = APP_SERVICES.keySet().stream()
                .flatMap(name -> ((Map<String, String>) service(name).get("environment")).keySet().stream())
                .collect(Collectors.toSet());
        assertThat(variables).isNotEmpty();
        for (String variable : variables) {
            String property = variable.toLowerCase().replace('_', '.');
            if (property.equals("spring.profiles.active")) {
                continue;
            }
            String prefix = property.substring(0, property.lastIndexOf('.') + 1);
            String last = property.substring(prefix.length());
            // a row of the configuration table names it, alone or as `returns.x.first` / `second`
            assertThat(readme.lines().filter(line -> line.startsWith("| `" + prefix))
                    .anyMatch(line -> line.startsWith("| `" + property + "`")
                            || line.matches("\\| `" + Pattern.quote(prefix) + "[a-z-]+` / `" + last + "` \\|.*")))
                    .as(variable + " is " + property + ", a row of the README's configuration table").isTrue();
        }
    }

    @Test
    void theReadmeDocumentsEachServiceWithItsPortAndProfile() {
        String readme = read("README.md");
        PUBLISHED_PORTS.forEach((name, ports) -> assertThat(readme)
                .containsPattern("\\| `" + name + "` \\|[^\\n]*`" + ports.substring(0, 4) + "`[^\\n]*`"
                        + APP_SERVICES.get(name) + "`"));
    }

    @Test
    void theImageRunsTheLayeredJarAsAnUnprivilegedUserWithAHealthCheck() {
        List<String> image = finalStage();
        assertThat(instruction(image, "FROM")).hasValue("eclipse-temurin:" + javaVersion() + "-jre");
        String user = instruction(image, "USER").orElseThrow();
        assertThat(user).isNotIn("root", "0", "0:0");
        assertThat(image).anyMatch(line -> line.contains("useradd") && line.contains(" " + user));
        assertThat(image.stream().filter(line -> line.startsWith("COPY --from=layers")))
                .extracting(line -> line.split("\\s+")[2])
                .containsExactly("/build/extracted/dependencies/", "/build/extracted/spring-boot-loader/",
                        "/build/extracted/snapshot-dependencies/", "/build/extracted/application/");
        assertThat(instruction(image, "EXPOSE")).hasValue("8080");
        String healthCheck = instruction(image, "HEALTHCHECK").orElseThrow();
        assertThat(healthCheck).contains("CMD curl -fsS http://127.0.0.1:8080/actuator/health/liveness");
        assertThat(instruction(image, "ENTRYPOINT"))
                .hasValue("[\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
        assertThat(read(".dockerignore")).contains("!returns-service/target/returns-service.jar");
    }

    private static String javaVersion() {
        Matcher version = Pattern.compile("<java.version>(\\d+)</java.version>").matcher(read("pom.xml"));
        assertThat(version.find()).isTrue();
        return version.group(1);
    }
}
