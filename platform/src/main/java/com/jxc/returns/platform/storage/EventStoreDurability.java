package com.jxc.returns.platform.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the event-store database keeps an acknowledged commit through a power loss, as the service promises: an H2
 * database only on {@code synced:} files ({@link SyncedWrites}); PostgreSQL only with {@code fsync} on and
 * {@code synchronous_commit} not off, settings of the server the service cannot change for it. Checked once at
 * start; a store that is not durable is named in a WARN line and in the event store's health entry (which stays up:
 * the store works, it only promises less). The database also holds the responses kept for idempotency keys and the
 * deadline schedule, so with Axon Server it is still checked.
 */
@Component
public class EventStoreDurability {

    private static final Logger log = LoggerFactory.getLogger(EventStoreDurability.class);

    /** What was found: whether a commit survives a power loss, and how (or why not). */
    public record Finding(boolean powerLossSafe, String how) {
    }

    private final Finding finding;

    EventStoreDurability(DataSource dataSource) {
        this.finding = check(dataSource);
        if (!finding.powerLossSafe()) {
            log.warn("The event-store database does not keep acknowledged commands through a power loss: {}",
                    finding.how());
        }
    }

    public Finding finding() {
        return finding;
    }

    private static Finding check(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            if ("H2".equals(product)) {
                return h2(connection.getMetaData().getURL());
            }
            if ("PostgreSQL".equals(product)) {
                return postgres(connection);
            }
            return new Finding(false, product + ": not checked");
        } catch (SQLException e) {
            return new Finding(false, "not checked: " + e.getMessage());
        }
    }

    private static Finding h2(String url) {
        String name = url.substring("jdbc:h2:".length()).split(";", 2)[0];
        if (name.startsWith("mem:")) {
            return new Finding(false, "H2 in memory");
        }
        if (name.startsWith("tcp:") || name.startsWith("ssl:")) {
            return new Finding(false, "H2 server: its files are opened by the server, not checked here");
        }
        if (name.contains(SyncedWrites.SCHEME + ":")) {
            return new Finding(true, "H2 on files opened for synchronous writes (synced:)");
        }
        return new Finding(false, "H2 files without synced: (a commit reaches the operating system's cache, not the "
                + "disk); put synced: in front of the file name of returns.eventstore.url");
    }

    private static Finding postgres(Connection connection) throws SQLException {
        List<String> off = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit")) {
                var result = statement.executeQuery("SHOW " + setting);
                result.next();
                if ("off".equalsIgnoreCase(result.getString(1))) {
                    off.add(setting);
                }
            }
        }
        if (off.isEmpty()) {
            return new Finding(true, "PostgreSQL with fsync and synchronous_commit on");
        }
        return new Finding(false, "PostgreSQL with " + String.join(" and ", off) + " off; turn "
                + (off.size() == 1 ? "it" : "them") + " on in the server's settings");
    }
}
