package com.jxc.returns.projection.returns;

import com.jxc.returns.api.query.FindReturnQuery;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.ReturnRequestEvent;
import com.jxc.returns.projection.support.ReadModels;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.stereotype.Component;

/**
 * Keeps the returns worklist and detail documents. Each document remembers the sequence number of the last event
 * it applied, so an event delivered again (after a crash or a replay) changes nothing. What an event changes is
 * {@link ReturnViewFold}'s business, which the as-of query shares. Whoever watches a return
 * ({@code GET /api/returns/{id}/updates}) gets each new state; a rebuild, which passes through its past states
 * again, sends none.
 */
@Component
@ProcessingGroup(ReturnsProjection.PROCESSING_GROUP)
class ReturnsProjection {

    static final String PROCESSING_GROUP = ReadModels.RETURNS;

    private final ReturnViewRepository views;
    private final QueryUpdateEmitter updates;

    ReturnsProjection(ReturnViewRepository views, QueryUpdateEmitter updates) {
        this.views = views;
        this.updates = updates;
    }

    @EventHandler
    void on(ReturnRequestEvent event, @SequenceNumber long sequence, ReplayStatus replay) {
        ReturnView current = views.findInBatch(event.returnId().value()).orElse(null);
        ReturnView next = ReturnViewFold.apply(current, event, sequence);
        if (next != current) {
            views.saveInBatch(next);
            if (!replay.isReplay()) {
                updates.emit(FindReturnQuery.class, query -> query.returnId().value().equals(next.returnId()), next);
            }
        }
    }

    @ResetHandler
    void reset() {
        views.deleteAll();
    }
}
