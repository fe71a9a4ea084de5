package com.jxc.returns.platform.messaging;

import com.github.kagkarlsson.scheduler.Clock;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SystemClock;
import com.github.kagkarlsson.scheduler.exceptions.SerializationException;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.Task;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.ConfigurableObjectInputStream;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.List;

/**
 * db-scheduler for Axon's durable deadlines, from the library itself rather than its Spring Boot starter: the
 * starter of the newest line served here (16.7.1) is built for Boot 3 and orders itself after Boot 3's class names.
 * Axon's {@code AxonDbSchedulerAutoConfiguration} sees this {@link Scheduler}, contributes its deadline and event
 * tasks to it and builds the {@code DbSchedulerDeadlineManager} on it, leaving start and stop to whoever owns the
 * scheduler (here). Same table ({@code scheduled_tasks}, created by the Flyway migrations), same clock (the
 * service's), same serialized form of the stored task data as under the starter.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "returns.deadlines.enabled", havingValue = "true", matchIfMissing = true)
class DeadlineSchedulerConfiguration {

    static final String TABLE = "scheduled_tasks";

    @Bean(destroyMethod = "stop")
    @DependsOnDatabaseInitialization
    Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks, DeadlineProperties properties,
                                ObjectProvider<Clock> clock) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
                .tableName(TABLE)
                .clock(clock.getIfAvailable(SystemClock::new))
                .pollingInterval(properties.pollingInterval())
                .threads(properties.threads())
                .serializer(new JavaSerialization(DeadlineSchedulerConfiguration.class.getClassLoader()))
                .build();
    }

    /**
     * Deadlines start running once the context is refreshed: a deadline due at start-up (one that fell due while the
     * service was down) then finds every aggregate and handler in place.
     */
    @Bean
    ApplicationListener<ContextRefreshedEvent> deadlineSchedulerStart(Scheduler deadlineScheduler) {
        return refreshed -> {
            var state = deadlineScheduler.getSchedulerState();
            if (!state.isStarted() && !state.isShuttingDown()) {
                deadlineScheduler.start();
            }
        };
    }

    /**
     * Java serialization, as the starter's serializer (so data stored under it still reads), resolving classes with
     * the application's class loader rather than whatever loader the polling thread happens to see.
     */
    static final class JavaSerialization implements Serializer {

        private final ClassLoader classLoader;

        JavaSerialization(ClassLoader classLoader) {
            this.classLoader = classLoader;
        }

        @Override
        public byte[] serialize(Object data) {
            if (data == null) {
                return null;
            }
            try (var bytes = new ByteArrayOutputStream(); var out = new ObjectOutputStream(bytes)) {
                out.writeObject(data);
                out.flush();
                return bytes.toByteArray();
            } catch (Exception e) {
                throw new SerializationException("Failed to serialize object", e);
            }
        }

        @Override
        public <T> T deserialize(Class<T> type, byte[] serialized) {
            if (serialized == null) {
                return null;
            }
            try (var in = new ConfigurableObjectInputStream(new ByteArrayInputStream(serialized), classLoader)) {
                return type.cast(in.readObject());
            } catch (Exception e) {
                throw new SerializationException("Failed to deserialize object", e);
            }
        }
    }
}
