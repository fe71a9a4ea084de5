package com.jxc.returns.command.returnrequest;

import com.jxc.returns.api.common.RuleViolation;
import com.jxc.returns.api.returnrequest.SubmitReturnCommand;
import com.jxc.returns.command.returnpolicy.ReturnPolicies;
import com.jxc.returns.command.salesorder.SalesOrder;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Submitting a return changes two aggregates in one unit of work: the order reserves the units, the return is
 * created. Both are appended in one transaction, and the order's sequence numbers make two racing requests for the
 * same units conflict instead of both succeeding.
 */
@Component
class ReturnSubmission {

    private final Repository<SalesOrder> orders;
    private final Repository<ReturnRequest> returns;

    ReturnSubmission(Repository<SalesOrder> orders, Repository<ReturnRequest> returns) {
        this.orders = orders;
        this.returns = returns;
    }

    @CommandHandler
    String handle(SubmitReturnCommand command, ReturnPolicies policies, ReturnOrderNumbers numbers,
                  DeadlineManager deadlines) throws Exception {
        var order = loadOrder(command);
        var lines = order.invoke(o -> o.reserve(command.returnId(), command.lines()));
        var policy = policies.current();
        returns.newInstance(() -> new ReturnRequest(command, order.invoke(o -> o), lines, policy, numbers, deadlines));
        return command.returnId().value();
    }

    private org.axonframework.modelling.command.Aggregate<SalesOrder> loadOrder(SubmitReturnCommand command) {
        try {
            return orders.load(command.orderId().value());
        } catch (AggregateNotFoundException e) {
            throw RuleViolation.invalid("unknown-order", "no shipped sales order " + command.orderId() + " is known");
        }
    }
}
