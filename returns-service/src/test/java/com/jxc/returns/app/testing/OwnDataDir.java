package com.jxc.returns.app.testing;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Gives the context of one test class a fresh, empty {@code returns.data-dir} (event store, read store, scheduler
 * tables), removed when that context closes. The test class is part of the customizer's identity, so two classes
 * never share a cached context, nor each other's stores.
 */
record OwnDataDir(Class<?> testClass) implements ContextCustomizer {

    static final String PROPERTY = "returns.data-dir";

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
        Path dataDir = createDataDir();
        context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("service-test-data-dir", Map.of(PROPERTY, dataDir.toString())));
        if (context.getBeanFactory() instanceof DefaultListableBeanFactory beans) {
            // registered before any bean, so destroyed after all of them: the stores are closed when it runs
            beans.registerDisposableBean("serviceTestDataDirRemoval", () -> remove(dataDir));
        }
    }

    private Path createDataDir() {
        try {
            // under the build directory: a context the test JVM had no time to close leaves nothing a clean keeps
            Path parent = Files.createDirectories(Path.of("target", "service-test-data"));
            return Files.createTempDirectory(parent, testClass.getSimpleName() + "-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void remove(Path dataDir) {
        try {
            FileSystemUtils.deleteRecursively(dataDir);
        } catch (IOException e) {
            // a file still held open by a stopping store; the next clean of the build directory takes the rest
        }
    }

    /** Registered by {@link ServiceTest}. */
    static final class Factory implements ContextCustomizerFactory {
        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                         List<ContextConfigurationAttributes> configAttributes) {
            return new OwnDataDir(testClass);
        }
    }
}
