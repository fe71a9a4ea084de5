package com.jxc.returns.projection.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * How notifications reach the customer-notification system: a webhook that receives one signed JSON POST per
 * notification. An empty {@code webhookUrl} turns delivery off; notifications then stay pending.
 *
 * @param webhookUrl     where to POST; empty = delivery off
 * @param secret         the Standard Webhooks signing key ({@code whsec_<base64>}, or any text used as its UTF-8
 *                       bytes); required with a webhook
 * @param pollInterval   pause between two looks at the queue of due notifications
 * @param batchSize      at most this many notifications are attempted per poll
 * @param initialBackoff wait after the first failed attempt; doubles after each further failure
 * @param maxBackoff     the longest wait between two attempts
 * @param maxAttempts    after this many failed attempts the notification is FAILED
 * @param connectTimeout time-out for opening the connection to the webhook
 * @param requestTimeout time-out for the whole answer of the webhook
 * @param maxAge         a notification requested longer ago than this is not sent any more but marked FAILED (so
 *                       that the first run over an old event stream does not tell customers yesterday's news)
 * @param legacySignatureHeader deprecated: also send the former {@code X-Returns-Delivery} and
 *                       {@code X-Returns-Signature} headers (on by default for this version; they go in the next)
 */
@ConfigurationProperties("returns.notifications")
public record NotificationProperties(@DefaultValue("") String webhookUrl,
                                     @DefaultValue("") String secret,
                                     @DefaultValue("1s") Duration pollInterval,
                                     @DefaultValue("20") int batchSize,
                                     @DefaultValue("2s") Duration initialBackoff,
                                     @DefaultValue("5m") Duration maxBackoff,
                                     @DefaultValue("8") int maxAttempts,
                                     @DefaultValue("5s") Duration connectTimeout,
                                     @DefaultValue("10s") Duration requestTimeout,
                                     @DefaultValue("7d") Duration maxAge,
                                     @DefaultValue("true") boolean legacySignatureHeader) {

    public NotificationProperties {
        webhookUrl = webhookUrl == null ? "" : webhookUrl.strip();
        secret = secret == null ? "" : secret;
        if (!webhookUrl.isEmpty()) {
            URI uri = URI.create(webhookUrl);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("returns.notifications.webhook-url must be an http(s) URL");
            }
            if (secret.isEmpty()) {
                throw new IllegalArgumentException(
                        "returns.notifications.secret is required when returns.notifications.webhook-url is set");
            }
            String problem = WebhookSignature.problemWith(secret);
            if (problem != null) {
                throw new IllegalArgumentException("returns.notifications.secret: " + problem);
            }
        }
        requirePositive("poll-interval", pollInterval);
        requirePositive("initial-backoff", initialBackoff);
        requirePositive("max-backoff", maxBackoff);
        requirePositive("connect-timeout", connectTimeout);
        requirePositive("request-timeout", requestTimeout);
        requirePositive("max-age", maxAge);
        if (batchSize < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("returns.notifications.batch-size and max-attempts must be at least 1");
        }
    }

    /** False when no webhook is configured: nothing is sent. */
    public boolean deliveryEnabled() {
        return !webhookUrl.isEmpty();
    }

    /** The wait after {@code failedAttempts} failed attempts: initial, doubled per further failure, capped. */
    Duration backoffAfter(int failedAttempts) {
        Duration wait = initialBackoff;
        for (int i = 1; i < failedAttempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("returns.notifications." + name + " must be positive");
        }
    }
}
