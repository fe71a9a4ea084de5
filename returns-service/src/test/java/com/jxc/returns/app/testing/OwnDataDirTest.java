package com.jxc.returns.app.testing;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OwnDataDirTest {

    @Test
    void eachTestClassGetsAContextOfItsOwn() {
        var factory = new OwnDataDir.Factory();

        assertThat(factory.createContextCustomizer(String.class, List.of()))
                .isEqualTo(factory.createContextCustomizer(String.class, List.of()))
                .isNotEqualTo(factory.createContextCustomizer(Integer.class, List.of()));
    }

    @Test
    void theDataDirIsFreshAndEmptyAndGoesWithTheContext() throws Exception {
        Path dataDir;
        try (var context = new GenericApplicationContext()) {
            new OwnDataDir(OwnDataDirTest.class).customizeContext(context, null);
            context.refresh();
            dataDir = Path.of(context.getEnvironment().getRequiredProperty("returns.data-dir"));
            assertThat(dataDir).isEmptyDirectory();
            Files.writeString(dataDir.resolve("events"), "stored");
        }
        assertThat(dataDir).doesNotExist();
    }
}
