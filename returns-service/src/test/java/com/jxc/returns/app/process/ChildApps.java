package com.jxc.returns.app.process;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVMs one test starts, each on a free port, none left running after it: a test registers one with
 * {@code @RegisterExtension final ChildApps children = new ChildApps();} and starts its services through it.
 */
public final class ChildApps implements AfterEachCallback {

    private final List<ChildApp> started = new ArrayList<>();

    /** Starts the jar on a free port with {@code appArgs}; logs go to {@code log}. */
    public ChildApp start(String name, Path log, List<String> appArgs) {
        return start(name, log, List.of(), appArgs);
    }

    /** As {@link #start(String, Path, List)}, with extra JVM options. */
    public ChildApp start(String name, Path log, List<String> jvmOptions, List<String> appArgs) {
        ChildApp app = ChildApp.start(name, ChildApp.freePort(), log, jvmOptions, appArgs);
        started.add(app);
        return app;
    }

    /** Every child started so far, ended (also done after each test). */
    public void closeAll() {
        started.forEach(ChildApp::close);
        started.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeAll();
    }
}
