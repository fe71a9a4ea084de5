package com.jxc.returns.query.returns;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Ends every open stream of a return's updates when the service shuts down. Such a stream only ends when its client
 * goes away, so the web server's graceful shutdown, which waits for open requests, would wait for each watcher until
 * its timeout (30 s) before stopping. The context's closing comes before that wait.
 */
@Component
class UpdateStreamsEndAtShutdown {

    private final Sinks.Empty<Void> closing = Sinks.empty();

    <T> Flux<T> untilShutdown(Flux<T> stream) {
        return stream.takeUntilOther(closing.asMono());
    }

    @EventListener(ContextClosedEvent.class)
    void endOpenStreams() {
        closing.tryEmitEmpty();
    }
}
