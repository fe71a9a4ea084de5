package com.jxc.returns.platform.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What the start-up check finds in each kind of event-store database, and that it says so when it is not durable. */
@ExtendWith(OutputCaptureExtension.class)
class EventStoreDurabilityTest {

    @TempDir
    Path dir;

    @Test
    void h2OnSyncedFilesKeepsACommitThroughAPowerLossAndOnPlainFilesItDoesNot(CapturedOutput output) {
        SyncedWrites.register();
        var synced = new EventStoreDurability(h2("jdbc:h2:synced:async:" + dir.resolve("synced") + ";WRITE_DELAY=0"));
        assertThat(synced.finding().powerLossSafe()).isTrue();
        assertThat(output.getAll()).doesNotContain("does not keep acknowledged commands");

        var plain = new EventStoreDurability(h2("jdbc:h2:async:" + dir.resolve("plain") + ";WRITE_DELAY=0"));
        assertThat(plain.finding().powerLossSafe()).isFalse();
        assertThat(plain.finding().how()).contains("without synced:");
        assertThat(output.getAll()).contains("WARN").contains("does not keep acknowledged commands through a power "
                + "loss: H2 files without synced:");

        assertThat(new EventStoreDurability(h2("jdbc:h2:mem:durability")).finding().powerLossSafe()).isFalse();
    }

    @Test
    void anH2ServerIsNotCheckedFromHere() throws Exception {
        Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        try {
            var remote = new EventStoreDurability(h2("jdbc:h2:tcp://localhost:" + server.getPort() + "/"
                    + dir.resolve("remote")));
            assertThat(remote.finding()).isEqualTo(new EventStoreDurability.Finding(false,
                    "H2 server: its files are opened by the server, not checked here"));
        } finally {
            server.stop();
        }
    }

    @Test
    void postgresKeepsACommitThroughAPowerLossOnlyWithFsyncAndSynchronousCommit(CapturedOutput output)
            throws Exception {
        // the embedded server's own configuration turns both off (fast tests): as a relaxed server would have them
        try (EmbeddedPostgres relaxedServer = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("relaxed"))
                .setCleanDataDirectory(true).start()) {
            var relaxed = new EventStoreDurability(dataSource(relaxedServer, ""));
            assertThat(relaxed.finding()).isEqualTo(new EventStoreDurability.Finding(false,
                    "PostgreSQL with fsync and synchronous_commit off; turn them on in the server's settings"));
            assertThat(output.getAll()).contains("WARN")
                    .contains("power loss: PostgreSQL with fsync and synchronous_commit off");
        }
        try (EmbeddedPostgres durableServer = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("durable"))
                .setCleanDataDirectory(true).setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .start()) {
            assertThat(new EventStoreDurability(dataSource(durableServer, "")).finding()).isEqualTo(
                    new EventStoreDurability.Finding(true, "PostgreSQL with fsync and synchronous_commit on"));
            // synchronous_commit is also a session's own setting
            assertThat(new EventStoreDurability(dataSource(durableServer, "&options=-c%20synchronous_commit%3Doff"))
                    .finding()).isEqualTo(new EventStoreDurability.Finding(false,
                    "PostgreSQL with synchronous_commit off; turn it on in the server's settings"));
        }
    }

    private static DriverManagerDataSource dataSource(EmbeddedPostgres server, String options) {
        return new DriverManagerDataSource(server.getJdbcUrl("postgres", "postgres") + options, "postgres",
                "postgres");
    }

    private static DriverManagerDataSource h2(String url) {
        return new DriverManagerDataSource(url, "sa", "");
    }
}
