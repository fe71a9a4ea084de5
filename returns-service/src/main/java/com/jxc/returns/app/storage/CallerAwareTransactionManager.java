package com.jxc.returns.app.storage;

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
 * must commit or roll back with the caller's transaction, so the group commit leaves them in it. Queries, which read
 * MongoDB, get no database transaction at all.
 */
class CallerAwareTransactionManager extends SpringTransactionManager {

    static final String JOINS_CALLER_TRANSACTION = CallerAwareTransactionManager.class.getName() + ".joins";

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
        if (callerOwnsTransaction && CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().resources().put(JOINS_CALLER_TRANSACTION, Boolean.TRUE);
        }
        return transaction;
    }
}
