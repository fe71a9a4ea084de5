package com.jxc.returns.app.architecture;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names that outlive a release (stored in the database, in stored events, on parcels) are spelled out in exactly one
 * production source file, the one that owns them; every other module refers to that definition. Checked on the
 * sources of every module, comments aside.
 */
class StableNamesTest {

    /** The project root: the parent of this module's directory, where Maven runs the tests. */
    private static final Path PROJECT = Path.of("").toAbsolutePath().getParent();

    @ParameterizedTest(name = "{0} only in {1}")
    @CsvSource(delimiter = '|', textBlock = """
            DomainEventEntry                     | shared-kernel/src/main/java/com/jxc/returns/api/EventTable.java
            "RT-                                 | shared-kernel/src/main/java/com/jxc/returns/api/returnrequest/ReturnOrderNumber.java
            [A-Za-z0-9][A-Za-z0-9_.:-]{0,63}     | shared-kernel/src/main/java/com/jxc/returns/api/common/Identifiers.java
            getPermittedSubclasses               | shared-kernel/src/main/java/com/jxc/returns/api/EventTypes.java
            "userId"                             | shared-kernel/src/main/java/com/jxc/returns/api/common/MetadataKeys.java
            "userRole"                           | shared-kernel/src/main/java/com/jxc/returns/api/common/MetadataKeys.java
            "correlationId"                      | shared-kernel/src/main/java/com/jxc/returns/api/common/MetadataKeys.java
            "causationId"                        | shared-kernel/src/main/java/com/jxc/returns/api/common/MetadataKeys.java
            "return_order_number_seq"            | platform/src/main/java/com/jxc/returns/platform/storage/RelationalSchema.java
            "event_chain"                        | audit/src/main/java/com/jxc/returns/audit/integrity/EventChainTable.java
            "X-Correlation-Id"                   | command-side/src/main/java/com/jxc/returns/command/web/CommandDispatcher.java
            [A-Za-z0-9_.:-]{1,64}                | command-side/src/main/java/com/jxc/returns/command/web/CommandDispatcher.java
            "Idempotency-Key"                    | http-edge/src/main/java/com/jxc/returns/edge/idempotency/IdempotencyFilter.java
            [A-Za-z0-9_.:+/=-]{1,100}            | http-edge/src/main/java/com/jxc/returns/edge/idempotency/IdempotencyFilter.java
            """)
    void isSpelledOutOnlyWhereItIsDefined(String name, String owner) throws IOException {
        assertThat(PROJECT.resolve("pom.xml")).exists();

        List<String> spelledOutIn = new ArrayList<>();
        for (Path sources : productionSources()) {
            try (var files = Files.walk(sources)) {
                files.filter(file -> file.toString().endsWith(".java"))
                        .filter(file -> mentionsInCode(file, name))
                        .map(file -> PROJECT.relativize(file).toString().replace('\\', '/'))
                        .forEach(spelledOutIn::add);
            }
        }

        assertThat(spelledOutIn).containsExactly(owner);
    }

    /**
     * Every module's {@code src/main/java}. Only these are walked: the tests of other modules write and delete files
     * under the project meanwhile (data directories, a JVM's attach file), which a walk of the whole tree can list
     * and then not find.
     */
    private static List<Path> productionSources() throws IOException {
        try (var modules = Files.list(PROJECT)) {
            return modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).sorted().toList();
        }
    }

    private static boolean mentionsInCode(Path file, String name) {
        try {
            return Files.readAllLines(file).stream()
                    .map(String::strip)
                    .filter(line -> !line.startsWith("*") && !line.startsWith("/*") && !line.startsWith("//"))
                    .anyMatch(line -> containsAsAWhole(line, name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the line holds the name, not as part of a longer identifier (Axon's {@code GenericDomainEventEntry}). */
    private static boolean containsAsAWhole(String line, String name) {
        for (int at = line.indexOf(name); at >= 0; at = line.indexOf(name, at + 1)) {
            int end = at + name.length();
            boolean startsAlone = at == 0 || !Character.isJavaIdentifierPart(name.charAt(0))
                    || !Character.isJavaIdentifierPart(line.charAt(at - 1));
            boolean endsAlone = end == line.length() || !Character.isJavaIdentifierPart(name.charAt(name.length() - 1))
                    || !Character.isJavaIdentifierPart(line.charAt(end));
            if (startsAlone && endsAlone) {
                return true;
            }
        }
        return false;
    }
}
