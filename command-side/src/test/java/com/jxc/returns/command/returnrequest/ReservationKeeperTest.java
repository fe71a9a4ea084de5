package com.jxc.returns.command.returnrequest;

import com.jxc.returns.api.returnrequest.ReturnCancelled;
import com.jxc.returns.api.returnrequest.ReturnExpired;
import com.jxc.returns.api.returnrequest.ReturnRejected;
import com.jxc.returns.api.salesorder.AdjustReturnReservationCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.jxc.returns.command.returnrequest.ReturnTestData.*;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/** Every way a return stops needing units tells the order which units to keep. */
class ReservationKeeperTest {

    private CommandGateway commands;
    private ReservationKeeper keeper;

    @BeforeEach
    void setUp() {
        commands = mock(CommandGateway.class);
        keeper = new ReservationKeeper(commands);
    }

    @Test
    void partialApprovalKeepsOnlyTheApprovedUnits() {
        keeper.on(approved(line(1, 1)));

        verify(commands).sendAndWait(new AdjustReturnReservationCommand(ORDER, RETURN, List.of(line(1, 1)),
                "partial-approval"));
    }

    @Test
    void rejectionCancellationAndExpiryKeepNothing() {
        keeper.on(new ReturnRejected(RETURN, ORDER, "used", REVIEWER, APPROVED_AT, 3));
        keeper.on(new ReturnCancelled(RETURN, ORDER, null, CLERK, APPROVED_AT));
        keeper.on(new ReturnExpired(RETURN, ORDER, DEADLINE, DEADLINE));

        verify(commands).sendAndWait(new AdjustReturnReservationCommand(ORDER, RETURN, List.of(), "rejected"));
        verify(commands).sendAndWait(new AdjustReturnReservationCommand(ORDER, RETURN, List.of(), "cancelled"));
        verify(commands).sendAndWait(new AdjustReturnReservationCommand(ORDER, RETURN, List.of(), "expired"));
    }

    @Test
    void inspectionKeepsOnlyTheCreditedUnits() {
        keeper.on(inspected(inspectedLine(1, KETTLE_SKU, 1, 0, 1, 0, 1), inspectedLine(3, VASE_SKU, 0, 0, 0, 0, 1)));

        verify(commands).sendAndWait(new AdjustReturnReservationCommand(ORDER, RETURN,
                List.of(line(1, 2), line(3, 0)), "not-credited"));
    }
}
