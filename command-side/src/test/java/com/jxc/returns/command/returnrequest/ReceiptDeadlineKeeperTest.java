package com.jxc.returns.command.returnrequest;

import com.jxc.returns.api.returnrequest.ReturnOrderIssued;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class ReceiptDeadlineKeeperTest {

    private static final Instant DEADLINE = Instant.parse("2026-12-12T00:00:00Z");

    private final DeadlineManager deadlines = mock(DeadlineManager.class);
    private final ReceiptDeadlineKeeper keeper = new ReceiptDeadlineKeeper(deadlines);

    @Test
    void replayedReturnOrderGetsItsReceiptDeadlineScheduledAgain() {
        keeper.on(issued(DEADLINE), ReplayStatus.REPLAY);

        verify(deadlines).schedule(eq(DEADLINE), eq(ReceiptDeadline.NAME), eq(new ReceiptDeadline(DEADLINE)),
                eq(new AggregateScopeDescriptor("ReturnRequest", "R-1")));
    }

    @Test
    void liveReturnOrderIsLeftToTheAggregateThatScheduledIt() {
        keeper.on(issued(DEADLINE), ReplayStatus.REGULAR);

        verifyNoInteractions(deadlines);
    }

    @Test
    void keepItemReturnOrderHasNoDeadline() {
        keeper.on(issued(null), ReplayStatus.REPLAY);

        verify(deadlines, org.mockito.Mockito.never()).schedule(any(Instant.class), any(), any(), any());
    }

    private static ReturnOrderIssued issued(Instant deadline) {
        return new ReturnOrderIssued(new ReturnRequestId("R-1"), "RT-2026-000001", List.of(), "send it back",
                deadline, deadline == null, Instant.parse("2026-11-28T00:00:00Z"), 1);
    }
}
