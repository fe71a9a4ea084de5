package com.jxc.returns.platform.storage;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event-store database ({@code spring.datasource.*}, pool {@code spring.datasource.hikari.*}) as a bean of the
 * service rather than of Spring Boot's auto-configuration. Axon's JDBC auto-configuration (connection provider,
 * dead-letter queues) only starts when a {@code DataSource} bean is already known when it is evaluated; on Spring
 * Boot 4 it is evaluated before Boot's own {@code DataSourceAutoConfiguration} (Axon 4.13.0 orders itself after Boot
 * 3's class names: AxonFramework #4450), so with Boot's bean it would silently stay off. A bean of the service exists
 * before any auto-configuration is evaluated. H2's {@code synced:} file prefix ({@link SyncedWrites}) is known before
 * the first connection is opened.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreDataSourceConfiguration {

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DataSourceProperties properties) {
        SyncedWrites.register();
        return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
    }
}
