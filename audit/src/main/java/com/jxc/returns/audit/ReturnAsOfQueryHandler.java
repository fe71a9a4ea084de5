package com.jxc.returns.audit;

import com.jxc.returns.api.query.FindReturnAsOfQuery;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.ReturnRequestEvent;
import com.jxc.returns.projection.returns.ReturnViewFold;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.util.Iterator;
import java.util.Optional;

/**
 * A return as it stood at a past instant or right after one of its events: its own events stored up to then, folded
 * exactly as the live projection folds them. Read from the event store, so the answer does not depend on any read model being up to date.
 */
@Component
@Profile("!command")
class ReturnAsOfQueryHandler {

    private final EventStore eventStore;

    ReturnAsOfQueryHandler(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @QueryHandler
    Optional<ReturnView> handle(FindReturnAsOfQuery query) {
        ReturnView view = null;
        Iterator<? extends DomainEventMessage<?>> events = eventStore.readEvents(query.returnId().value());
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (query.covers(event.getTimestamp(), event.getSequenceNumber())
                    && event.getPayload() instanceof ReturnRequestEvent payload) {
                view = ReturnViewFold.apply(view, payload, event.getSequenceNumber());
            }
        }
        return Optional.ofNullable(view);
    }
}
