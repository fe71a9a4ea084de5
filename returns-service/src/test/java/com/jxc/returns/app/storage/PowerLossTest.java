package com.jxc.returns.app.storage;

import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.platform.storage.PowerCut;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A power loss keeps every acknowledged command, whichever path committed it: the event store's files are opened for
 * synchronous writes ({@code synced:}, as in the default URL), so a command's commit is on the disk when it is
 * answered. {@link PowerCut} keeps beside each of the event store's files what reached the disk; the test cuts the
 * power while the service runs and opens a copy of only that.
 */
@ServiceTest(properties = "returns.eventstore.url=jdbc:h2:synced:powercut:${returns.data-dir}/eventstore/events;"
        + "WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE")
class PowerLossTest extends ServiceOverHttp {

    static {
        PowerCut.register();
    }

    @Autowired
    Environment environment;

    @TempDir
    Path afterTheCut;

    @Test
    void everyAcknowledgedCommandIsOnTheDiskWhenItIsAnswered() throws SQLException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        // commands that share the group commit
        String grouped = lifecycle.orderAndSubmit(Orders.salesOrder("SO-PL-" + suffix, 2),
                Orders.returnOf("SO-PL-" + suffix, 1));
        lifecycle.approve(grouped).expect("approval", 200);
        // a command whose events commit in its caller's transaction, with the response kept for its key
        String order = "SO-PK-" + suffix;
        String key = "power-" + suffix;
        lifecycle.recordOrder(Orders.salesOrder(order, 2)).expect("order", 201);
        String keyed = lifecycle.submit(Orders.returnOf(order, 1), Map.of("Idempotency-Key", key))
                .expect("keyed return", 201).json().get("returnId").asText();
        // every event a return's history shows: the return's own and its order's reservations for it
        var acknowledged = new ArrayList<String>();
        for (String returnId : List.of(grouped, keyed)) {
            http.get("/api/returns/" + returnId + "/history", "auditor").expect("history", 200).json()
                    .path("events").forEach(event -> acknowledged.add(event.path("eventId").asText()));
        }

        PowerCut.cut(Path.of(environment.getRequiredProperty("returns.data-dir")).resolve("eventstore"),
                afterTheCut);

        try (Connection disk = DriverManager.getConnection(
                "jdbc:h2:file:" + afterTheCut.resolve("events") + ";IFEXISTS=TRUE", "sa", "")) {
            assertThat(acknowledged).hasSizeGreaterThan(3).allSatisfy(eventId -> assertThat(count(disk,
                    "SELECT COUNT(*) FROM DomainEventEntry WHERE eventIdentifier = ?", eventId))
                    .as("event %s on the disk", eventId).isEqualTo(1));
            assertThat(count(disk, "SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = ? AND response_status = 201", key))
                    .as("the keyed response on the disk").isEqualTo(1);
        }
    }

    private static long count(Connection connection, String sql, String parameter) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            var result = statement.executeQuery();
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
