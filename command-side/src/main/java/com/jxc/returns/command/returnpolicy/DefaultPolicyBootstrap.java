package com.jxc.returns.command.returnpolicy;

import com.jxc.returns.api.common.MetadataKeys;
import com.jxc.returns.api.common.SystemActor;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.returnpolicy.DefineReturnPolicyCommand;
import com.jxc.returns.api.returnpolicy.ReturnPolicyId;
import com.jxc.returns.api.returnpolicy.ReturnPolicyTerms;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Clock;

/** A new installation gets the default policy as version 1, so every decision can name a stored version. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class DefaultPolicyBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DefaultPolicyBootstrap.class);
    static final UserId SYSTEM = SystemActor.POLICY_BOOTSTRAP.userId();

    private final EventStore eventStore;
    private final CommandGateway commands;
    private final Clock clock;
    private final BigDecimal dualControlThreshold;

    DefaultPolicyBootstrap(EventStore eventStore, CommandGateway commands, Clock clock,
                           SettlementProperties settlement) {
        this.eventStore = eventStore;
        this.commands = commands;
        this.clock = clock;
        this.dualControlThreshold = settlement.dualControlThreshold();
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            if (eventStore.lastSequenceNumberFor(ReturnPolicyId.CURRENT.value()).isPresent()) {
                return;
            }
            commands.sendAndWait(new DefineReturnPolicyCommand(ReturnPolicyId.CURRENT, ReturnPolicyTerms.defaults()
                            .withDualControlThreshold(dualControlThreshold),
                    SYSTEM, clock.instant()), MetaData.with(MetadataKeys.USER_ID, SYSTEM.value()).and(MetadataKeys.USER_ROLE, SystemActor.ROLE));
            log.info("Defined the default return policy as version 1");
        } catch (RuntimeException e) {
            // Another instance defined it at the same moment, or the event store is not reachable yet: until a
            // version is stored, decisions apply the built-in defaults as version 0.
            log.warn("Default return policy not defined at start-up: {}", e.getMessage());
        }
    }
}
