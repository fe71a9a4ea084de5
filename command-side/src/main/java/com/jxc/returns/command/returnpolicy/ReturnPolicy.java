package com.jxc.returns.command.returnpolicy;

import com.jxc.returns.api.returnpolicy.DefineReturnPolicyCommand;
import com.jxc.returns.api.returnpolicy.ReturnPolicyDefined;
import com.jxc.returns.api.returnpolicy.ReturnPolicyId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** The return policy (退货政策) as a sequence of versions; every definition is a new version. */
@Aggregate
class ReturnPolicy {

    @AggregateIdentifier
    private ReturnPolicyId policyId;
    private int version;

    ReturnPolicy() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    int handle(DefineReturnPolicyCommand command) {
        apply(new ReturnPolicyDefined(command.policyId(), version + 1, command.terms(), command.definedBy(),
                command.definedAt()));
        return version;
    }

    @EventSourcingHandler
    void on(ReturnPolicyDefined event) {
        policyId = event.policyId();
        version = event.version();
    }
}
