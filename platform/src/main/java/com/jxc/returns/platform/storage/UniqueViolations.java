package com.jxc.returns.platform.storage;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;

/**
 * Tells Axon that an append failed because another writer stored the same aggregate sequence number first (a
 * concurrent command on another instance): any SQL exception in the cause chain, or chained to it, with the standard
 * state {@value #UNIQUE_VIOLATION}. H2 and PostgreSQL both report it; Axon's own JDBC resolver recognises only the
 * JDBC subclass for it, which the PostgreSQL driver does not throw, so a conflict there surfaced as a 500.
 */
final class UniqueViolations implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException chained = sql; chained != null; chained = chained.getNextException()) {
                    if (UNIQUE_VIOLATION.equals(chained.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
