package com.jxc.returns.platform.storage;

import org.springframework.beans.factory.annotation.Value;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tables and sequences besides Axon's event tables, in the same database: durable deadlines (db-scheduler's table,
 * read when the context is ready), the return order number sequence and the projections' dead-letter queue.
 * Safe to run on every start.
 */
@Component
public class RelationalSchema {

    /** Where return order numbers come from; a restore moves it past the numbers it brings back. */
    public static final String RETURN_ORDER_SEQUENCE = "return_order_number_seq";

    private final Dialect dialect;

    RelationalSchema(JdbcTemplate jdbc, DeadLetterSchema deadLetterSchema,
                     @Value("${spring.datasource.url}") String jdbcUrl) {
        this.dialect = Dialect.of(jdbcUrl);
        jdbc.execute((ConnectionCallback<int[]>) connection -> new ReturnsDeadLetterTableFactory(dialect)
                .createTableStatement(connection, deadLetterSchema).executeBatch());
        jdbc.execute("CREATE SEQUENCE IF NOT EXISTS " + RETURN_ORDER_SEQUENCE + " START WITH 1 INCREMENT BY 1");
        jdbc.execute("""
                CREATE TABLE IF NOT EXISTS scheduled_tasks (
                  task_name VARCHAR(250) NOT NULL,
                  task_instance VARCHAR(250) NOT NULL,
                  task_data %s,
                  execution_time TIMESTAMP WITH TIME ZONE NOT NULL,
                  picked BOOLEAN NOT NULL,
                  picked_by VARCHAR(250),
                  last_success TIMESTAMP WITH TIME ZONE,
                  last_failure TIMESTAMP WITH TIME ZONE,
                  consecutive_failures INT,
                  last_heartbeat TIMESTAMP WITH TIME ZONE,
                  version BIGINT NOT NULL,
                  priority SMALLINT,
                  PRIMARY KEY (task_name, task_instance))""".formatted(dialect.binaryType()));
        jdbc.execute("CREATE INDEX IF NOT EXISTS scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
    }

    Dialect dialect() {
        return dialect;
    }
}
