package com.jxc.returns.app.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Where {@link OpenApiContractFilter} records every exchange that contradicts the served API description, and the
 * JUnit extension (registered for every test of this module) that fails the test during which it happened.
 */
public final class OpenApiContract implements AfterEachCallback, AfterAllCallback {

    private static final Queue<String> VIOLATIONS = new ConcurrentLinkedQueue<>();
    private static final int SHOWN = 20;

    static void record(String violation) {
        VIOLATIONS.add(violation);
    }

    /** What was recorded since the last call, oldest first. */
    public static List<String> drain() {
        var drained = new ArrayList<String>();
        for (String violation; (violation = VIOLATIONS.poll()) != null; ) {
            drained.add(violation);
        }
        return drained;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        failOnViolations();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        failOnViolations();
    }

    private static void failOnViolations() {
        List<String> violations = drain();
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " HTTP exchange(s) contradict the API description "
                    + "(/v3/api-docs):\n- " + String.join("\n- ", violations.subList(0, Math.min(SHOWN,
                    violations.size()))) + (violations.size() > SHOWN ? "\n- …" : ""));
        }
    }
}
