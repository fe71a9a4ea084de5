package com.jxc.returns.command.returnpolicy;

import com.jxc.returns.api.returnpolicy.PolicyVersion;
import com.jxc.returns.api.returnpolicy.ReturnPolicyDefined;
import com.jxc.returns.api.returnpolicy.ReturnPolicyId;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the policy from its own event stream. The last version is cached and re-read only when the stream's last
 * sequence number moved, so every instance sees a new version at once without a read model in between.
 */
@Component
class EventStoreReturnPolicies implements ReturnPolicies {

    private final EventStore eventStore;
    private final AtomicReference<Cached> cache = new AtomicReference<>(new Cached(-1, PolicyVersion.builtIn()));

    EventStoreReturnPolicies(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public PolicyVersion current() {
        String id = ReturnPolicyId.CURRENT.value();
        Optional<Long> last = eventStore.lastSequenceNumberFor(id);
        if (last.isEmpty()) {
            return PolicyVersion.builtIn();
        }
        Cached cached = cache.get();
        if (cached.sequence() == last.get()) {
            return cached.policy();
        }
        PolicyVersion latest = eventStore.readEvents(id).asStream()
                .map(DomainEventMessage::getPayload)
                .filter(ReturnPolicyDefined.class::isInstance)
                .map(ReturnPolicyDefined.class::cast)
                .reduce((first, second) -> second)
                .map(defined -> new PolicyVersion(defined.version(), defined.terms()))
                .orElse(PolicyVersion.builtIn());
        cache.set(new Cached(last.get(), latest));
        return latest;
    }

    private record Cached(long sequence, PolicyVersion policy) {
    }
}
