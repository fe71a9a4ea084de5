package com.jxc.returns.api;

import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.returnrequest.ReturnApproved;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry of event types is complete and names each event once. */
class EventTypesTest {

    @Test
    void everyEventClassOfTheKernelIsInTheRegistryUnderItsStableName() throws Exception {
        Set<Class<?>> annotated = new HashSet<>();
        for (Class<?> type : kernelClasses()) {
            if (type.isAnnotationPresent(EventTypeName.class)) {
                annotated.add(type);
            }
        }

        assertThat(annotated).hasSizeGreaterThan(15);
        assertThat(EventTypes.byName().values()).containsExactlyInAnyOrderElementsOf(annotated);
        EventTypes.byName().forEach((name, type) ->
                assertThat(type.getAnnotation(EventTypeName.class).value()).isEqualTo(name));
    }

    @Test
    void namesAnEventAsItIsStoredAndRefusesWhatIsNoEvent() {
        assertThat(EventTypes.nameOf(ReturnApproved.class)).isEqualTo("ReturnApproved");
        assertThatThrownBy(() -> EventTypes.nameOf(ReturnRequestId.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    sealed interface Twice permits First, Second {
    }

    @EventTypeName("Same")
    record First() implements Twice {
    }

    @EventTypeName("Same")
    record Second() implements Twice {
    }

    sealed interface Unnamed permits Anonymous {
    }

    record Anonymous() implements Unnamed {
    }

    @Test
    void refusesANameUsedTwiceAndAnEventWithoutAName() {
        assertThatThrownBy(() -> EventTypes.index(List.of(Twice.class))).hasMessageContaining("Same is used twice");
        assertThatThrownBy(() -> EventTypes.index(List.of(Unnamed.class))).hasMessageContaining("lacks @EventTypeName");
    }

    /** Every class compiled into the kernel's main output. */
    private static List<Class<?>> kernelClasses() throws IOException, URISyntaxException {
        Path root = Path.of(EventTypes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (var files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> root.relativize(file).toString().replace(root.getFileSystem().getSeparator(), ".")
                            .replaceAll("\\.class$", ""))
                    .map(EventTypesTest::load)
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, EventTypes.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
