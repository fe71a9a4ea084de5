package com.jxc.returns.audit.backup;

import com.jxc.returns.query.admin.ReadModelAdministration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs the backup command chosen on the command line ({@link BackupCommandLine}). {@code export} writes to a new
 * file atomically (a temporary file renamed when complete); {@code import} loads the file and waits until every read
 * model has been rebuilt from it. Exit code 0 on success, 1 on failure.
 */
@Component
@ConditionalOnProperty(BackupCommandLine.COMMAND)
public class BackupRunner implements ApplicationRunner, ExitCodeGenerator {

    private static final Logger log = LoggerFactory.getLogger(BackupRunner.class);

    private final EventArchive archive;
    private final Restore restore;
    private final ObjectProvider<ReadModelAdministration> readModels;
    private final ConfigurableApplicationContext context;
    private final String command;
    private final String file;
    private final boolean exit;
    private final Duration rebuildTimeout;
    private int exitCode = 1;

    BackupRunner(EventArchive archive, Restore restore, ObjectProvider<ReadModelAdministration> readModels,
                 ConfigurableApplicationContext context, @Value("${" + BackupCommandLine.COMMAND + "}") String command,
                 @Value("${file:}") String file, BackupProperties properties) {
        this.archive = archive;
        this.restore = restore;
        this.readModels = readModels;
        this.context = context;
        this.command = command;
        this.file = file;
        this.exit = properties.exit();
        this.rebuildTimeout = properties.rebuildTimeout();
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            if (file.isBlank()) {
                throw new IllegalArgumentException("name the archive with --file=...");
            }
            Path path = Path.of(file).toAbsolutePath();
            if (command.equals("export")) {
                export(path);
            } else {
                restore(path);
            }
            exitCode = 0;
        } catch (Exception e) {
            log.error("{} failed: {}", command, e.getMessage());
        }
        if (exit) {
            System.exit(SpringApplication.exit(context));
        }
    }

    private void export(Path path) throws Exception {
        Path temporary = Files.createTempFile(path.getParent(), path.getFileName().toString(), ".part");
        try {
            long events;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 64 * 1024)) {
                events = archive.export(out);
            }
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.info("Exported {} events to {}", events, path);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void restore(Path path) throws Exception {
        Restore.Restored restored;
        try (InputStream in = Files.newInputStream(path)) {
            restored = restore.restore(in);
        }
        log.info("Imported {} events of {} aggregates from {}; rebuilding {}", restored.events(),
                restored.aggregates(), path, restored.rebuilding());
        Instant deadline = Instant.now().plus(rebuildTimeout);
        ReadModelAdministration administration = readModels.getIfAvailable();
        while (administration != null && !caughtUp(administration)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("read models not rebuilt within " + rebuildTimeout);
            }
            Thread.sleep(200);
        }
        log.info("Read models rebuilt");
    }

    private static boolean caughtUp(ReadModelAdministration administration) {
        return administration.statuses().stream()
                .allMatch(status -> !status.replaying() && status.position() >= status.head());
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
