package com.jxc.returns.query.returns;

import com.jxc.returns.api.query.FindReturnQuery;
import com.jxc.returns.api.query.FindReturnsQuery;
import com.jxc.returns.api.query.ReturnPage;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.projection.returns.ReturnViewRepository;
import com.jxc.returns.projection.returns.ReturnWorklist;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;

@Component
class ReturnQueryHandler {

    private final ReturnViewRepository views;
    private final ReturnWorklist worklist;
    private final EventProcessingConfiguration processing;
    private volatile boolean worklistCaughtUp;

    ReturnQueryHandler(ReturnViewRepository views, ReturnWorklist worklist, EventProcessingConfiguration processing) {
        this.views = views;
        this.worklist = worklist;
        this.processing = processing;
    }

    @QueryHandler
    Optional<ReturnView> handle(FindReturnQuery query) {
        return views.find(query.returnId().value());
    }

    /** From the in-memory worklist once it has caught up with the stream; until then a scan of the collection. */
    @QueryHandler
    ReturnPage handle(FindReturnsQuery query) {
        if (!worklistCaughtUp()) {
            return views.page(query);
        }
        ReturnWorklist.PageOfIds page = worklist.page(query);
        return new ReturnPage(views.findAll(page.returnIds()), query.page(), query.size(), page.total());
    }

    private boolean worklistCaughtUp() {
        if (!worklistCaughtUp) {
            worklistCaughtUp = processing.eventProcessor(ReturnWorklist.PROCESSING_GROUP, StreamingEventProcessor.class)
                    .map(StreamingEventProcessor::processingStatus)
                    .filter(status -> !status.isEmpty())
                    .map(Map::values)
                    .map(statuses -> statuses.stream().allMatch(EventTrackerStatus::isCaughtUp))
                    .orElse(false);
        }
        return worklistCaughtUp;
    }
}
