package com.jxc.returns.app.storage;

import com.jxc.returns.app.testing.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Axon interrupts a handler that runs past its timeout (30 s for queries by default), and that thread may be reading
 * the event store at that moment. On H2's default file system an interrupt closes the file channel and every later
 * statement of the still-open database fails ("Reading from file … failed") until a restart; the default URL uses
 * H2's {@code async:} file system, which an interrupt does not close ({@code synced:} over it only opens its files
 * for synchronous writes). Rows of a scratch table stand in for events here: the database, the pool and the file
 * are the event store's.
 */
// a small page cache, so that the readers below go to the file
@ServiceTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK, properties = "returns.eventstore.url="
        + "jdbc:h2:synced:async:${returns.data-dir}/eventstore/events;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=64")
class EventStoreSurvivesInterruptsTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theDefaultEventStoreUrlUsesTheAsyncFileSystem() {
        var yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        assertThat(yaml.getObject().getProperty("returns.eventstore.url")).startsWith("jdbc:h2:synced:async:");
    }

    @Test
    void interruptingReadersLeavesTheStoreUsable() throws Exception {
        jdbc.execute("CREATE TABLE interrupt_probe (id BIGINT PRIMARY KEY, body VARCHAR(2000))");
        jdbc.batchUpdate("INSERT INTO interrupt_probe VALUES (?, ?)", java.util.stream.LongStream.range(0, 5_000)
                .mapToObj(id -> new Object[]{id, "x".repeat(1_000) + id}).toList());

        AtomicLong reads = new AtomicLong();
        for (int round = 0; round < 10; round++) {
            Thread reader = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        jdbc.queryForObject("SELECT SUM(LENGTH(body)) FROM interrupt_probe WHERE MOD(id, 7) = ?",
                                Long.class, System.nanoTime() % 7);
                        reads.incrementAndGet();
                    } catch (RuntimeException e) {
                        return; // what the interrupt does to this statement does not matter, only the store after
                    }
                }
            });
            long readsBefore = reads.get();
            reader.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() > readsBefore + 2);
            reader.interrupt();
            reader.join();

            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM interrupt_probe", Long.class))
                    .as("round %d", round).isEqualTo(5_000L + round);
            jdbc.update("INSERT INTO interrupt_probe VALUES (?, 'written after an interrupt')", 5_000L + round);
        }
        assertThat(reads.get()).as("reads that ran before the interrupts").isPositive();
    }
}
