package com.jxc.returns.platform.storage;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.flywaydb.core.api.Location;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Every table and sequence of the event-store database is created and changed by Flyway migrations (resources
 * {@code db/migration/{vendor}}, and {@code db/event-store/{vendor}} with the JDBC event store), run on that
 * DataSource before anything else uses it: Spring Boot orders the JdbcTemplate and the deadline scheduler
 * ({@code DeadlineSchedulerConfiguration}) after the migrations;
 * Axon reaches the database through the connection provider below, which waits for them too.
 */
@Configuration(proxyBeanMethods = false)
public class SchemaMigrationConfiguration {

    /** As Axon's {@code JdbcAutoConfiguration} would (it backs off from this bean), but only once migrated. */
    @Bean
    @DependsOnDatabaseInitialization
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    /** The event tables only where events are stored here; Axon Server keeps its own. */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
    FlywayConfigurationCustomizer eventStoreMigrations(DataSourceProperties dataSource) {
        var eventStore = new Location("classpath:db/event-store/"
                + Dialect.of(dataSource.determineUrl()).migrationsFolder());
        return flyway -> flyway.locations(Stream.concat(Arrays.stream(flyway.getLocations()), Stream.of(eventStore))
                .toArray(Location[]::new));
    }
}
