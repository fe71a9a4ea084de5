package com.jxc.returns.platform.storage;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryMessage;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's Spring transaction manager that remembers, per unit of work, whether the caller had already opened the
 * transaction the unit of work joins (an idempotent request stores its response in it). Such a command's events
 * must commit or roll back with the caller's transaction, so the group commit leaves them in it. What counts is
 * whether a transaction was active when a unit of work attached its own (its first transaction), not the later
 * reads inside it, which join that unit of work's transaction. Queries, which read
 * MongoDB, get no database transaction at all.
 */
class CallerAwareTransactionManager extends SpringTransactionManager {

    static final String JOINS_CALLER_TRANSACTION = CallerAwareTransactionManager.class.getName() + ".joins";
    private static final String ATTACHED = CallerAwareTransactionManager.class.getName() + ".attached";

    CallerAwareTransactionManager(PlatformTransactionManager transactionManager) {
        super(transactionManager);
    }

    @Override
    public Transaction startTransaction() {
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().getMessage() instanceof QueryMessage) {
            // queries read MongoDB: a database transaction would only hold a pooled connection
            return NoTransactionManager.INSTANCE.startTransaction();
        }
        boolean callerOwnsTransaction = TransactionSynchronizationManager.isActualTransactionActive();
        Transaction transaction = super.startTransaction();
        // Only the transaction a unit of work attaches when it starts tells whether a caller opened one: the engine
        // reads the events of an aggregate "in a transaction" too, and that joins the unit of work's own.
        if (CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().resources().putIfAbsent(ATTACHED, Boolean.TRUE) == null
                && callerOwnsTransaction) {
            CurrentUnitOfWork.get().root().resources().put(JOINS_CALLER_TRANSACTION, Boolean.TRUE);
        }
        return transaction;
    }
}
