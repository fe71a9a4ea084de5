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
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.server.ResponseStatusException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

@Component
class ReturnQueryHandler {

    private final ReturnViewRepository views;
    private final ReturnWorklist worklist;
    private final EventProcessingConfiguration processing;
    private final long scanLimit;
    private final RecentReturns recent;
    private volatile boolean worklistCaughtUp;

    ReturnQueryHandler(ReturnViewRepository views, ReturnWorklist worklist, EventProcessingConfiguration processing,
                       WorklistProperties properties) {
        this.views = views;
        this.worklist = worklist;
        this.processing = processing;
        this.scanLimit = properties.scanLimit();
        this.recent = new RecentReturns(properties.recentReturns());
    }

    @QueryHandler
    Optional<ReturnView> handle(FindReturnQuery query) {
        return views.find(query.returnId().value());
    }

    /**
     * From the in-memory worklist once it has caught up with the stream; until then a scan of the collection, as long
     * as it holds at most {@code returns.worklist.scan-limit} returns. The embedded store sorts a scan by collecting
     * every matching document in memory, which for 100,000 returns is more than the heap the service runs in, so a
     * larger collection is answered with 503 and Retry-After while the index loads (after a start, or a rebuild).
     */
    @QueryHandler
    ReturnPage handle(FindReturnsQuery query) {
        if (!worklistCaughtUp()) {
            if (views.estimatedCount() > scanLimit) {
                throw new WorklistLoading();
            }
            return views.page(query);
        }
        ReturnWorklist.PageOfIds page = worklist.page(query);
        return new ReturnPage(load(page), query.page(), query.size(), page.total());
    }

    /** The page's returns: those shown recently at the index's version from memory, the others from the store. */
    private List<ReturnView> load(ReturnWorklist.PageOfIds page) {
        Map<String, ReturnView> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < page.returnIds().size(); i++) {
            String returnId = page.returnIds().get(i);
            ReturnView cached = recent.at(returnId, page.versions().get(i));
            if (cached != null) {
                found.put(returnId, cached);
            } else {
                missing.add(returnId);
            }
        }
        for (ReturnView view : views.findAll(missing)) {
            recent.remember(view);
            found.put(view.returnId(), view);
        }
        return page.returnIds().stream().map(found::get).filter(Objects::nonNull).toList();
    }

    /** 503 with Retry-After (problem+json, like every refusal). */
    static final class WorklistLoading extends ResponseStatusException {

        private static final HttpHeaders RETRY_AFTER = HttpHeaders.readOnlyHttpHeaders(
                new HttpHeaders(new LinkedMultiValueMap<>(Map.of(HttpHeaders.RETRY_AFTER, List.of("5")))));

        WorklistLoading() {
            super(HttpStatus.SERVICE_UNAVAILABLE, "The worklist is still being loaded from the event stream (after a "
                    + "start or a rebuild); try again in a few seconds. Single returns can be read meanwhile.");
        }

        @Override
        public HttpHeaders getHeaders() {
            return RETRY_AFTER;
        }
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
