package com.jxc.returns.platform.storage;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static com.jxc.returns.platform.storage.CallerAwareTransactionManager.JOINS_CALLER_TRANSACTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Whether a command's events stay in its caller's transaction (instead of sharing a group commit) is decided by the
 * transaction its unit of work attaches first, not by the reads that join it later.
 */
class CallerAwareTransactionManagerTest {

    private final PlatformTransactionManager spring = mock(PlatformTransactionManager.class);
    private final CallerAwareTransactionManager manager = new CallerAwareTransactionManager(spring);

    @BeforeEach
    void transactions() {
        when(spring.getTransaction(any())).thenReturn(mock(TransactionStatus.class));
    }

    @AfterEach
    void cleanUp() {
        TransactionSynchronizationManager.setActualTransactionActive(false);
        while (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().rollback();
        }
    }

    @Test
    void readingTheAggregateInsideTheCommandsOwnTransactionDoesNotMakeItTheCallers() {
        var command = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage("approve"));
        command.attachTransaction(manager);
        TransactionSynchronizationManager.setActualTransactionActive(true); // Spring marks the command's own

        manager.startTransaction(); // the event store reads the aggregate's events "in a transaction"
        manager.startTransaction();

        assertThat(command.<Boolean>getResource(JOINS_CALLER_TRANSACTION)).isNull();
    }

    @Test
    void aCommandSentInsideATransactionItsCallerOpenedKeepsItsEventsInIt() {
        TransactionSynchronizationManager.setActualTransactionActive(true); // e.g. an Idempotency-Key request

        var command = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage("approve"));
        command.attachTransaction(manager);

        assertThat(command.<Boolean>getResource(JOINS_CALLER_TRANSACTION)).isTrue();
    }

    @Test
    void aCommandSentByAnEventHandlerJoinsTheProcessorsTransaction() {
        var batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("approved"));
        batch.attachTransaction(manager);
        TransactionSynchronizationManager.setActualTransactionActive(true);
        assertThat(batch.<Boolean>getResource(JOINS_CALLER_TRANSACTION)).isNull();

        var command = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage("adjust"));
        command.attachTransaction(manager);

        assertThat(command.root()).isSameAs(batch);
        assertThat(batch.<Boolean>getResource(JOINS_CALLER_TRANSACTION)).isTrue();
    }
}
