package com.jxc.returns.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -Xmx256m -jar bench/target/bench.jar [--quick] [--events=N] ...}: starts {@link Bench} in a child JVM
 * (same JVM options, {@code -Xmx256m} unless given) on the class path of the service's executable jar through Spring
 * Boot's {@code PropertiesLauncher}, so the benchmark runs exactly the code and libraries that ship. JDK only.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] argv) throws Exception {
        System.exit(relaunch(argv, new Args(argv)));
    }

    // ------------------------------------------------------------------------------------------------ launcher

    /** Starts the benchmark on the service jar's class path; returns the child's exit value. */
    private static int relaunch(String[] argv, Args args) throws Exception {
        Path benchJar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path serviceJar = Path.of(args.get("service-jar", ""));
        if (!args.has("service-jar")) {
            List<Path> candidates = List.of(Path.of("returns-service/target/returns-service.jar"),
                    benchJar.toAbsolutePath().getParent().resolve("../../returns-service/target/returns-service.jar"));
            serviceJar = candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                    new IllegalStateException("returns-service.jar not found (tried " + candidates
                            + "); build it (mvn -pl returns-service,bench -am package -DskipTests) or pass --service-jar=PATH"));
        }
        List<String> jvm = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (jvm.stream().noneMatch(a -> a.startsWith("-Xmx"))) {
            jvm.add("-Xmx256m");
        }
        String shown = "java " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()) + " -jar "
                + System.getProperty("sun.java.command", "bench.jar");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.add("-Dloader.path=" + benchJar.toAbsolutePath());
        command.add("-Dloader.main=com.jxc.returns.bench.Bench");
        command.add("-cp");
        command.add(serviceJar.toAbsolutePath().toString());
        command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        command.add("--inner");
        command.add("--bench-jar=" + benchJar.toAbsolutePath());
        command.add("--service-jar=" + serviceJar.toAbsolutePath());
        command.add("--command=" + shown.replace(' ', '\u00a0'));
        command.addAll(List.of(argv));
        Process child = new ProcessBuilder(command).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroyForcibly));
        return child.waitFor();
    }

}
