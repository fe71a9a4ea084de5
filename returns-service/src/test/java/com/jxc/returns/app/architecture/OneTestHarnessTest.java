package com.jxc.returns.app.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end tests share one harness (package {@code com.jxc.returns.app.testing}): one HTTP client
 * ({@code ServiceHttp}), one builder of order, return and receipt bodies ({@code Orders}), one driver of the lifecycle
 * steps ({@code LifecycleDriver}). A test that builds a client or writes an order or return body of its own again is
 * the copy this guards against.
 */
class OneTestHarnessTest {

    private static final Path TEST_SOURCES = Path.of("src/test/java/com/jxc/returns/app");

    /** A JSON order or return body written out by hand: its {@code "orderId":"…"} member in a string. */
    private static final Pattern ORDER_OR_RETURN_BODY = Pattern.compile("\\{\\\\?\"orderId\\\\?\"\\s*:");

    /**
     * Where a hand-written body is the point: the hostile-input cases and the malformed-JSON cases are bodies the
     * builder must not be able to write. The console tests are next, once their own changes are in.
     */
    private static final Set<String> LITERAL_BODIES_ALLOWED = Set.of(
            "hardening/HostileInputHttpTest.java",
            "it/InProcessHttpApiTest.java",
            "console/ConsoleBrowserTest.java",
            "console/ConsoleActionShowsWholeCommandTest.java");

    @Test
    void onlyTheHarnessTalksHttpToTheService() {
        JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("com.jxc.returns.app");

        noClasses().that().resideOutsideOfPackage("com.jxc.returns.app.testing..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.net.http.HttpClient")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.web.client.RestClient")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(
                        "org.springframework.boot.test.web.client.TestRestTemplate")
                .because("ServiceHttp is the one client: Basic auth per role, raw paths and bodies, child JVMs")
                .check(tests);
    }

    @Test
    void orderAndReturnBodiesComeFromTheBuilder() throws IOException {
        assertThat(TEST_SOURCES).isDirectory();
        List<String> handWritten;
        try (Stream<Path> files = Files.walk(TEST_SOURCES)) {
            handWritten = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.startsWith(TEST_SOURCES.resolve("testing")))
                    .filter(file -> !LITERAL_BODIES_ALLOWED.contains(
                            TEST_SOURCES.relativize(file).toString().replace('\\', '/')))
                    .filter(OneTestHarnessTest::writesAnOrderOrReturnBody)
                    .map(file -> TEST_SOURCES.relativize(file).toString())
                    .toList();
        }
        assertThat(handWritten).as("tests writing order or return bodies by hand instead of with Orders").isEmpty();
    }

    private static boolean writesAnOrderOrReturnBody(Path file) {
        try {
            return ORDER_OR_RETURN_BODY.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new AssertionError(file.toString(), e);
        }
    }
}
