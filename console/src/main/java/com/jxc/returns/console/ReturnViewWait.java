package com.jxc.returns.console;

import com.jxc.returns.api.query.FindReturnAsOfQuery;
import com.jxc.returns.api.query.FindReturnQuery;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Read models are eventually consistent: after a command the console waits, at most 5 s, until the return's view
 * shows every event of the return stored so far, so the page after a command shows all of the command's effects. A
 * newer version alone is not enough: a command stores several events (an approval also issues the return order and
 * asks for two customer notifications), and the returns processor may apply them in more than one batch, each batch
 * visible (and pushed to subscribers) as soon as it is written. The view's version is the aggregate sequence number
 * of the last event it applied; the return rebuilt from every stored event ({@code FindReturnAsOfQuery}) has the
 * version to wait for.
 */
@Profile("!command")
@Component
class ReturnViewWait {

    private static final Duration READ_MODEL_WAIT = Duration.ofSeconds(5);

    private final QueryGateway queries;

    ReturnViewWait(QueryGateway queries) {
        this.queries = queries;
    }

    void untilViewShowsStoredEvents(String returnId) {
        var id = new ReturnRequestId(returnId);
        long version = queries.query(FindReturnAsOfQuery.stored(id), ResponseTypes.optionalInstanceOf(ReturnView.class))
                .join().map(ReturnView::version).orElse(-1L);
        var subscription = queries.subscriptionQuery(new FindReturnQuery(id),
                ResponseTypes.optionalInstanceOf(ReturnView.class), ResponseTypes.instanceOf(ReturnView.class));
        try {
            subscription.initialResult().flatMap(Mono::justOrEmpty).concatWith(subscription.updates())
                    .filter(view -> view.version() >= version)
                    .next().block(READ_MODEL_WAIT);
        } catch (RuntimeException notYet) {
            // shown as it is; the page says changes may take a moment
        } finally {
            subscription.close();
        }
    }
}
