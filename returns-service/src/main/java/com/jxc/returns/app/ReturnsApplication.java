package com.jxc.returns.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;

/**
 * Runs the returns service. Without a role profile it is one process with every part; with the profile
 * {@code command} only the command side starts, with {@code query} only the projections and the query side.
 */
// Axon's ObjectMapperAutoConfiguration orders itself after Boot 3's Jackson auto-configuration, by a class name that
// Boot 4 no longer has: its plain ObjectMapper would come first and Boot's (spring.jackson2.*) would back off. The
// service's serializers have a mapper of their own (SerializationConfiguration.messageMapper()).
@SpringBootApplication(excludeName = "org.axonframework.springboot.autoconfig.ObjectMapperAutoConfiguration",
        scanBasePackages = {
        "com.jxc.returns.app", "com.jxc.returns.platform", "com.jxc.returns.edge", "com.jxc.returns.audit",
        "com.jxc.returns.console"})
@ConfigurationPropertiesScan("com.jxc.returns")
@EnableScheduling
public class ReturnsApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReturnsApplication.class, args);
    }

    /**
     * The service's present. {@code returns.clock.offset} moves it (training installations, and the test suite, which
     * runs with the same offset to prove it does not depend on the day it runs).
     */
    @Bean
    Clock clock(ClockProperties properties) {
        Duration offset = properties.offset();
        return offset.isZero() ? Clock.systemUTC() : Clock.offset(Clock.systemUTC(), offset);
    }

    /** Receipt deadlines fall due by the service's clock, not by the machine's. */
    @Bean
    com.github.kagkarlsson.scheduler.Clock dbSchedulerClock(Clock clock) {
        return clock::instant;
    }

    /** Scheduled jobs (deadline-free polling such as webhook delivery) get their own threads. */
    @Bean
    ThreadPoolTaskScheduler taskScheduler() {
        var scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(2);
        scheduler.setThreadNamePrefix("scheduled-");
        return scheduler;
    }

    /**
     * The HTTP endpoints of both sides exist in every role, so that a request for the other side reaches the bus and
     * is refused there with 503 (no command or query handler here) instead of a bare 404 or 405.
     */
    @Configuration(proxyBeanMethods = false)
    @ComponentScan(basePackages = {"com.jxc.returns.command", "com.jxc.returns.query"}, useDefaultFilters = false,
            includeFilters = {
                    @ComponentScan.Filter(RestController.class),
                    @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
                            classes = com.jxc.returns.command.web.CommandDispatcher.class)},
            // operating read models needs the processors themselves, which only a query-side instance has
            excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = "com\\.jxc\\.returns\\.query\\.admin\\..*"))
    static class Endpoints {
    }

    @Configuration(proxyBeanMethods = false)
    @Profile("!query")
    @ComponentScan("com.jxc.returns.command")
    static class CommandSide {
    }

    @Configuration(proxyBeanMethods = false)
    @Profile("!command")
    @ComponentScan({"com.jxc.returns.projection", "com.jxc.returns.query"})
    static class QuerySide {
    }
}
