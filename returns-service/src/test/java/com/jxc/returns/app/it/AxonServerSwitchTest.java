package com.jxc.returns.app.it;

import com.jxc.returns.app.ReturnsApplication;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.query.AxonServerQueryBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.queryhandling.QueryBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.LifecycleProcessor;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which event store and buses the service wires, with and without Axon Server. No Axon Server runs here, so the
 * contexts are refreshed (every bean created, every condition evaluated) but not started: a no-op
 * {@link LifecycleProcessor} keeps Axon's processors and buses from connecting, and the web server from binding.
 */
class AxonServerSwitchTest {

    @TempDir
    Path dataDir;

    private static int unusedPort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private ConfigurableApplicationContext wire(String profile, String... args) {
        var builder = new SpringApplicationBuilder(ReturnsApplication.class)
                .initializers(context -> context.getBeanFactory()
                        .registerSingleton("lifecycleProcessor", new NotStarting()));
        if (profile != null) {
            builder.profiles(profile);
        }
        String[] common = {"--server.port=0", "--returns.data-dir=" + dataDir, "--returns.mongodb.embedded-port=0"};
        String[] all = new String[common.length + args.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(args, 0, all, common.length, args.length);
        return builder.run(all);
    }

    @Test
    void axonServerProfileStoresEventsAndRoutesMessagesThroughAxonServer() throws Exception {
        try (var context = wire("axonserver", "--axon.axonserver.servers=localhost:" + unusedPort())) {
            assertThat(context.getBean(EventStore.class)).isInstanceOf(AxonServerEventStore.class);
            assertThat(context.getBean(CommandBus.class)).isInstanceOf(AxonServerCommandBus.class);
            assertThat(context.getBean(QueryBus.class)).isInstanceOf(AxonServerQueryBus.class);
            assertThat(context.getBeansOfType(EventStorageEngine.class)).isEmpty();
            assertThat(context.getBeansOfType(JdbcEventStorageEngine.class)).isEmpty();
            // the service's own tables are migrated in the database; the event tables are Axon Server's business
            assertThat(tables(context)).contains("idempotency_keys", "deadletterentry", "scheduled_tasks",
                    "return_order_number_seq").doesNotContain("domainevententry", "snapshotevententry", "event_chain");
            assertThat(migrations(context)).containsExactly("1");
            context.getBean(AxonServerConnectionManager.class).shutdown();
        }
    }

    @Test
    void byDefaultEventsGoToTheJdbcStorageEngineAndMessagesStayLocal() {
        try (var context = wire(null)) {
            assertThat(context.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
            assertThat(context.getBean(EventStore.class)).isInstanceOf(EmbeddedEventStore.class);
            assertThat(context.getBean(CommandBus.class)).isNotInstanceOf(AxonServerCommandBus.class);
            assertThat(context.getBean(QueryBus.class)).isNotInstanceOf(AxonServerQueryBus.class);
            assertThat(context.getBeansOfType(AxonServerConnectionManager.class)).isEmpty();
            assertThat(tables(context)).contains("idempotency_keys", "deadletterentry", "scheduled_tasks",
                    "return_order_number_seq", "domainevententry", "snapshotevententry", "event_chain");
            assertThat(migrations(context)).containsExactly("1", "1.1");
            // what reaches the database without a JdbcTemplate waits for the migrations too
            for (String bean : List.of("connectionProvider", "eventStorageEngine")) {
                assertThat(context.getBeanFactory().getBeanDefinition(bean).getDependsOn()).as(bean)
                        .contains("flywayInitializer");
            }
        }
    }

    /** Tables and sequences of the embedded H2 event-store database, in lower case. */
    private static List<String> tables(ConfigurableApplicationContext context) {
        return context.getBean(JdbcTemplate.class).queryForList("""
                SELECT LOWER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'
                UNION SELECT LOWER(SEQUENCE_NAME) FROM INFORMATION_SCHEMA.SEQUENCES WHERE SEQUENCE_SCHEMA = 'PUBLIC'
                """, String.class);
    }

    private static List<String> migrations(ConfigurableApplicationContext context) {
        return context.getBean(JdbcTemplate.class).queryForList("SELECT \"version\" FROM \"flyway_schema_history\" "
                + "WHERE \"type\" = 'SQL' ORDER BY \"installed_rank\"", String.class);
    }

    /** Refreshes without starting any lifecycle bean. */
    private static final class NotStarting implements LifecycleProcessor {
        @Override
        public void onRefresh() {
        }

        @Override
        public void onClose() {
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public boolean isRunning() {
            return false;
        }
    }
}
