package com.jxc.returns.app.deployment;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The deployment files at the project's root, read as a container engine would read them. */
final class DeploymentFiles {

    static final Path ROOT = Path.of("..");

    private DeploymentFiles() {
    }

    /** compose.yaml with its anchors and merge keys resolved. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> compose() {
        return (Map<String, Object>) new Yaml().load(read("compose.yaml"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> service(String name) {
        return (Map<String, Object>) ((Map<String, Object>) compose().get("services")).get(name);
    }

    /** The Dockerfile's instructions of the final stage, continuation lines joined, comments dropped. */
    static List<String> finalStage() {
        List<String> instructions = dockerfile();
        int lastFrom = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                lastFrom = i;
            }
        }
        return instructions.subList(lastFrom, instructions.size());
    }

    static List<String> dockerfile() {
        String joined = read("Dockerfile").replaceAll("\\\\\\r?\\n\\s*", " ");
        return joined.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    static Optional<String> instruction(List<String> instructions, String keyword) {
        return instructions.stream().filter(line -> line.startsWith(keyword + " ")).reduce((first, last) -> last)
                .map(line -> line.substring(keyword.length() + 1).strip());
    }

    static String read(String file) {
        try {
            return Files.readString(ROOT.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
