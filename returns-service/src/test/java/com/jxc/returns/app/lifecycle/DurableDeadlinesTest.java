package com.jxc.returns.app.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.app.testing.TestClock;
import com.jxc.returns.platform.serialization.SerializationConfiguration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.ClassUtils;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Receipt deadlines are durable db-scheduler tasks, run by a scheduler the service builds from the library itself:
 * no Spring Boot 3 auto-configuration of db-scheduler's starter is on the class path, the deadline is a row of
 * {@code scheduled_tasks} in the event-store database, and it falls due by the service's clock, not the machine's.
 */
@ServiceTest(properties = "returns.deadlines.polling-interval=1s")
@Import(TestClock.Config.class)
@ExtendWith(OutputCaptureExtension.class)
class DurableDeadlinesTest extends ServiceOverHttp {

    @Autowired
    ApplicationContext context;
    @Autowired
    Scheduler scheduler;
    @Autowired
    DeadlineManager deadlines;
    @Autowired
    DataSource dataSource;
    @Autowired
    EventStore eventStore;
    @Autowired
    TestClock clock;

    private final ObjectMapper json = SerializationConfiguration.messageMapper();

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theSchedulerIsTheServicesOwnWithoutTheBoot3Starter(CapturedOutput output) {
        assertThat(ClassUtils.isPresent("com.github.kagkarlsson.scheduler.boot.autoconfigure.DbSchedulerAutoConfiguration",
                getClass().getClassLoader())).as("db-scheduler's Spring Boot starter on the class path").isFalse();
        assertThat(Arrays.stream(context.getBeanDefinitionNames())
                .map(name -> context.getType(name))
                .filter(type -> type != null && type.getName().startsWith("com.github.kagkarlsson.scheduler.boot")))
                .isEmpty();
        assertThat(output.getAll()).doesNotContain("com.github.kagkarlsson.scheduler.boot");
        assertThat(scheduler.getSchedulerState().isStarted()).isTrue();
        assertThat(deadlines).isInstanceOf(DbSchedulerDeadlineManager.class);
    }

    @Test
    void aReceiptDeadlineIsARowOfTheEventStoreDatabaseAndFallsDueByTheServicesClock() throws Exception {
        String order = "SO-" + UUID.randomUUID().toString().substring(0, 8);
        lifecycle.recordOrder(Orders.salesOrder(order).shippedAt(TestClock.daysAgo(3))
                .line("SKU-DRILL", "general", 1, "350.00", "10.00")).ok("order");
        String returnId = lifecycle.submit(Orders.returnOf(order).line(1, 1, "DEFECTIVE").reason("QUALITY_DEFECT")
                .reasonText("test").wants("REFUND")).ok("return").json().get("returnId").asText();
        Instant deadline = Instant.parse(json.valueToTree(eventStore.readEvents(returnId).asStream()
                .filter(event -> event.getPayloadType().getSimpleName().equals("ReturnOrderIssued"))
                .findFirst().orElseThrow().getPayload()).get("receiptDeadline").asText());
        assertThat(deadline).isAfter(clock.instant().plus(Duration.ofDays(1)));

        List<Instant> scheduled = new JdbcTemplate(dataSource).queryForList(
                "select execution_time from scheduled_tasks", Timestamp.class).stream().map(Timestamp::toInstant)
                .toList();
        assertThat(scheduled).anySatisfy(at -> assertThat(at.toEpochMilli())
                .isCloseTo(deadline.toEpochMilli(), within(1L)));

        await("not yet due").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> !eventTypes(returnId).contains("ReturnExpired"));
        clock.set(deadline.plus(1, ChronoUnit.MINUTES));
        await("due by the service's clock").atMost(Duration.ofSeconds(30))
                .until(() -> eventTypes(returnId).contains("ReturnExpired"));
    }

    private List<String> eventTypes(String aggregateId) {
        return eventStore.readEvents(aggregateId).asStream()
                .map(event -> event.getPayloadType().getSimpleName()).toList();
    }
}
