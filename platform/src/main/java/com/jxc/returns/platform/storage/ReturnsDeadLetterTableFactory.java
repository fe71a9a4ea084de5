package com.jxc.returns.platform.storage;

import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.GenericDeadLetterTableFactory;

/** Axon's dead-letter table, created idempotently on every start, with the binary type of each dialect. */
final class ReturnsDeadLetterTableFactory extends GenericDeadLetterTableFactory {

    private final Dialect dialect;

    ReturnsDeadLetterTableFactory(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    protected String processingGroupIndexSql(DeadLetterSchema schema) {
        return super.processingGroupIndexSql(schema).replaceFirst("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ");
    }

    @Override
    protected String sequenceIdentifierIndexSql(DeadLetterSchema schema) {
        return super.sequenceIdentifierIndexSql(schema).replaceFirst("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ");
    }

    @Override
    protected String serializedDataType() {
        return dialect.binaryType();
    }
}
