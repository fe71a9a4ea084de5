package com.jxc.returns.app.configuration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every property of the service's typed configuration ({@code @ConfigurationProperties} records under
 * {@code com.jxc.returns}) is in the README's Configuration table, so an operator finds every setting in one place.
 */
class ConfigurationTableTest {

    private static final Path README = Path.of("../README.md");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void everyConfigurationPropertyIsInTheReadmesConfigurationTable() throws IOException {
        Set<String> documented = documentedProperties();
        Set<String> configured = configuredProperties();

        assertThat(configured).as("the scan finds the records").contains(
                "returns.data-dir", "returns.eventstore.group-commit.max-commands", "returns.http.max-body-size",
                "returns.settlement.dual-control-threshold", "returns.worklist.scan-limit",
                "returns.notifications.webhook-url");
        assertThat(documented).as("properties in README.md's Configuration table").containsAll(configured);
    }

    /** Prefix plus each record component in kebab case; a component that is itself a record is expanded. */
    static Set<String> configuredProperties() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Set<String> properties = new TreeSet<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("com.jxc.returns")) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), null);
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            assertThat(type.isRecord()).as(type + " is a record").isTrue();
            collect(prefix, type, properties);
        }
        return properties;
    }

    private static void collect(String prefix, Class<?> record, Set<String> into) {
        RecordComponent[] components = record.getRecordComponents();
        Parameter[] parameters = canonicalConstructor(record, components).getParameters();
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            Name renamed = parameters[i].getAnnotation(Name.class);
            String name = prefix + "." + (renamed != null ? renamed.value() : kebab(component.getName()));
            if (component.getType().isRecord()) {
                collect(name, component.getType(), into);
            } else {
                into.add(name);
            }
        }
    }

    private static Constructor<?> canonicalConstructor(Class<?> record, RecordComponent[] components) {
        try {
            return record.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    /**
     * The first cell of each row of the table under "## Configuration". A cell may name siblings after the first
     * (`returns.eventstore.username` / `password`): a name without a dot is read next to the first one.
     */
    static Set<String> documentedProperties() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int start = lines.indexOf("## Configuration");
        assertThat(start).as("README.md has a Configuration section").isNotNegative();
        Set<String> documented = new TreeSet<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (!line.startsWith("| `")) {
                continue;
            }
            String cell = line.substring(1, line.indexOf('|', 1));
            Matcher code = CODE.matcher(cell);
            List<String> names = new ArrayList<>();
            while (code.find()) {
                names.add(code.group(1));
            }
            String parent = names.get(0).contains(".") ? names.get(0).substring(0, names.get(0).lastIndexOf('.')) : "";
            for (String name : names) {
                documented.add(name.contains(".") || parent.isEmpty() ? name : parent + "." + name);
            }
        }
        return documented;
    }
}
