package com.jxc.returns.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name=value} and {@code --flag} arguments. */
final class Args {

    private final Map<String, String> values = new LinkedHashMap<>();

    Args(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                values.put(arg, "true");
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq < 0) {
                values.put(arg.substring(2), "true");
            } else {
                values.put(arg.substring(2, eq), arg.substring(eq + 1));
            }
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    long getLong(String name, long fallback) {
        String value = values.get(name);
        return value == null ? fallback : Long.parseLong(value.replace("_", "").replace(",", ""));
    }

    double getDouble(String name, double fallback) {
        String value = values.get(name);
        return value == null ? fallback : Double.parseDouble(value);
    }
}
