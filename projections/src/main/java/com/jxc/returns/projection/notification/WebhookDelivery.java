package com.jxc.returns.projection.notification;

import com.jxc.returns.api.common.RuleViolation;
import com.jxc.returns.projection.support.ReadModelDurability;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jakarta.annotation.PreDestroy;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends due notifications to the webhook: one JSON POST per attempt, signed, with the notification id as delivery
 * id (the same on every attempt, so the receiver can drop duplicates). A 2xx answer delivers; anything else is
 * retried with exponential back-off until the attempts are used up, then the notification is FAILED with the last
 * error. An accepted notification is recorded on its return ({@code CustomerNotificationDelivered}, through the
 * {@link DeliveryRecord}); before each attempt the return's stream is asked whether it was delivered already, so
 * neither a rebuild nor an import of an export sends it again, however far the outbox lags behind. Delivery is at
 * least once: a crash after the webhook accepted but before the delivery was stored sends again.
 *
 * <p>Runs where the projections run. One poller per process, on its own thread; each poll reads only the queue of
 * pending ids. Two processes running the projections against one store could both send a notification: the
 * delivery id is what lets the receiver drop the second (the return records only the first).
 */
@Component
class WebhookDelivery {

    static final String METRIC = "returns.notifications.delivery";
    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final int ERROR_TEXT_LIMIT = 300;

    private final NotificationDeliveries deliveries;
    private final DeliveryRecord record;
    private final NotificationProperties properties;
    private final ReadModelDurability durability;
    private final Clock clock;
    /** The receiver checks the signature's timestamp against its own wall clock, not the service's (maybe offset) one. */
    private final Clock transportClock = Clock.systemUTC();
    private final WebhookSignature signature;
    private final ObservationRegistry observations;
    private final HttpClient http;
    private final URI webhook;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        var thread = new Thread(runnable, "notification-delivery");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean warnedCannotRecord = new AtomicBoolean();
    private volatile boolean earlierDeliveriesQueued;

    WebhookDelivery(NotificationDeliveries deliveries, DeliveryRecord record, NotificationProperties properties,
                    ReadModelDurability durability, Clock clock, ObjectProvider<ObservationRegistry> observations) {
        this.deliveries = deliveries;
        this.record = record;
        this.properties = properties;
        this.durability = durability;
        this.clock = clock;
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        this.webhook = properties.deliveryEnabled() ? URI.create(properties.webhookUrl()) : null;
        this.signature = properties.deliveryEnabled()
                ? new WebhookSignature(properties.secret(), properties.legacySignatureHeader()) : null;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.connectTimeout())
                .build();
        if (webhook == null) {
            log.warn("returns.notifications.webhook-url is empty: customer notifications are not delivered and "
                    + "stay PENDING");
        }
    }

    /**
     * Hands the poll to the delivery thread unless it is still busy. The application's scheduler thread is shared
     * (in this application it is the command-retry executor, the only {@code ScheduledExecutorService} bean), so
     * webhook calls, which may take up to their time-outs, never run on it. Every
     * {@code returns.notifications.poll-interval} (scheduled by {@code NotificationConfiguration}).
     */
    void poll() {
        if (webhook != null && !worker.isShutdown() && busy.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    try {
                        deliverDue();
                    } finally {
                        busy.set(false);
                    }
                });
            } catch (RejectedExecutionException e) {
                busy.set(false);
            }
        }
    }

    /** Interrupts a webhook call in flight: its attempt is not recorded and is made again after a restart. */
    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    void deliverDue() {
        try {
            if (!earlierDeliveriesQueued) {
                int queued = deliveries.queueEarlierDeliveriesOnce(clock.instant());
                if (queued > 0) {
                    log.info("{} deliveries made before deliveries were recorded in the event stream are queued to be "
                            + "recorded (nothing is sent again)", queued);
                }
                earlierDeliveriesQueued = true;
            }
            for (String notificationId : deliveries.due(clock.instant(), properties.batchSize())) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                deliver(notificationId);
            }
        } catch (RuntimeException e) {
            // the read-model store is unreachable or similar; the next poll tries again
            log.warn("notification delivery poll failed: {}", e.toString());
        }
    }

    private void deliver(String notificationId) {
        DeliveryState state = deliveries.find(notificationId).orElse(null);
        if (state != null && state.awaitsRecording()) {
            recordDelivery(state);
            return;
        }
        if (state == null || !state.isPending()) {
            deliveries.dequeue(notificationId);
            return;
        }
        Instant now = clock.instant();
        if (state.nextAttemptAt().isAfter(now)) {
            // a stale queue entry (a replay re-queued it while an attempt was being recorded)
            deliveries.save(state);
            return;
        }
        var recorded = record.find(state.returnId(), notificationId);
        if (recorded.isPresent()) {
            // delivered before (by another instance, or before this store was restored); the outbox has not caught up
            deliveries.save(state.deliveryRecorded(recorded.get().deliveredAt(), recorded.get().attempts()));
            durability.commit();
            return;
        }
        if (state.requestedAt().plus(properties.maxAge()).isBefore(now)) {
            deliveries.save(state.expired("not sent: requested more than " + properties.maxAge()
                    + " ago (returns.notifications.max-age)"));
            durability.commit();
            return;
        }
        Attempt attempt = attempt(state);
        if (attempt == null) {
            return;
        }
        Instant at = clock.instant();
        DeliveryState next = attempt.accepted() ? state.delivered(at) : state.attemptFailed(at, attempt.error(),
                properties.maxAttempts(), properties.backoffAfter(state.attempts() + 1));
        // stored (and queued until recorded) before the stream is told: a crash in between records it after restart
        deliveries.save(next);
        durability.commit();
        if (attempt.accepted()) {
            recordDelivery(next);
        } else {
            log.info("notification {} attempt {} failed: {}{}", notificationId, next.attempts(), attempt.error(),
                    next.isPending() ? "; next attempt at " + next.nextAttemptAt() : "; giving up");
        }
    }

    /** Records an accepted delivery on its return; if that fails it is tried again later, never sent again. */
    private void recordDelivery(DeliveryState delivered) {
        try {
            record.record(delivered.returnId(), delivered.notificationId(), delivered.deliveredAt(),
                    delivered.attempts());
        } catch (NoHandlerForCommandException e) {
            // a query-only instance: no command side to record on; the delivery state here still stops a resend
            if (warnedCannotRecord.compareAndSet(false, true)) {
                log.warn("deliveries cannot be recorded in the event stream by this instance (no command side "
                        + "runs here); an import of an export will send them again: {}", e.getMessage());
            }
            deliveries.dequeue(delivered.notificationId());
            return;
        } catch (RuleViolation e) {
            // the return refuses it for good (it names no such notification): trying again would not change that
            log.error("the delivery of notification {} cannot be recorded: {}", delivered.notificationId(),
                    e.getMessage());
            deliveries.dequeue(delivered.notificationId());
            return;
        } catch (RuntimeException e) {
            log.warn("recording the delivery of notification {} failed, trying again later: {}",
                    delivered.notificationId(), e.toString());
            deliveries.retryRecordingAt(delivered.notificationId(), clock.instant().plus(properties.initialBackoff()));
            return;
        }
        deliveries.save(delivered.deliveryRecorded(delivered.deliveredAt(), delivered.attempts()));
        durability.commit();
    }

    private record Attempt(boolean accepted, String error) {
    }

    /** One POST and what came of it; null when interrupted (shutting down): nothing is recorded, it stays due. */
    private Attempt attempt(DeliveryState state) {
        byte[] body = state.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = signature.sign(HttpRequest.newBuilder(webhook), state.notificationId(),
                        transportClock.instant(), body)
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        Observation observation = Observation.createNotStarted(METRIC, observations).start();
        String error;
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream answer = response.body()) {
                int status = response.statusCode();
                error = status >= 200 && status < 300 ? null
                        : "HTTP " + status + excerpt(answer.readNBytes(ERROR_TEXT_LIMIT));
            }
        } catch (HttpTimeoutException e) {
            error = "timed out: " + e.getMessage();
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            observation.stop();
            return null;
        }
        observation.lowCardinalityKeyValue("outcome", error == null ? "delivered"
                : state.attempts() + 1 >= properties.maxAttempts() ? "failed" : "retry");
        observation.stop();
        return new Attempt(error == null, error == null ? null : truncate(error));
    }

    private static String excerpt(byte[] answer) {
        String text = new String(answer, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "" : ": " + text;
    }

    private static String truncate(String error) {
        return error.length() <= ERROR_TEXT_LIMIT ? error : error.substring(0, ERROR_TEXT_LIMIT) + "…";
    }
}
