package com.jxc.returns.audit.backup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.List;
import java.util.Map;

/**
 * {@code java -jar returns-service.jar export|import --file=...}: the same application without HTTP endpoints and
 * without the command side (so that nothing writes events of its own while a backup is taken or restored), which
 * runs the one command and exits. Every other option (e.g. {@code --returns.eventstore.url=...}) works as usual.
 */
class BackupCommandLine implements EnvironmentPostProcessor {

    static final String COMMAND = "returns.backup.command";
    private static final List<String> COMMANDS = List.of("export", "import");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        var arguments = environment.getPropertySources()
                .get(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME);
        if (arguments == null) {
            return;
        }
        Object nonOptions = arguments.getProperty(CommandLinePropertySource.DEFAULT_NON_OPTION_ARGS_PROPERTY_NAME);
        String command = nonOptions == null ? "" : nonOptions.toString().split(",")[0];
        if (!COMMANDS.contains(command)) {
            return;
        }
        environment.getPropertySources().addFirst(new MapPropertySource("backup-command-line", Map.of(
                COMMAND, command,
                // no HTTP endpoint, while the web application context the security configuration needs still exists
                "server.port", "-1",
                "spring.main.banner-mode", "off")));
        environment.addActiveProfile("query");
    }
}
