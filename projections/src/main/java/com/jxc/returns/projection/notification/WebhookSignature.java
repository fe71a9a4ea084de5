package com.jxc.returns.projection.notification;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How a webhook request is signed: by the <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> scheme
 * ({@code webhook-id}, {@code webhook-timestamp} in Unix seconds, {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * id.timestamp.body>}), so that a receiver verifies with a stock library and rejects replays by the timestamp.
 *
 * <p>The key: a secret of the form {@code whsec_<base64>} is the standard's own form; any other secret is used as its
 * UTF-8 bytes, and receivers configure their verifier with {@link #verifierSecret(String)} of it.
 *
 * <p>Deprecated, for one version, behind {@code returns.notifications.legacy-signature-header}: the former headers
 * {@code X-Returns-Delivery} (the notification id) and {@code X-Returns-Signature: sha256=<hex HMAC-SHA256 of the body>}.
 */
public final class WebhookSignature {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    /** @deprecated sent only with {@code returns.notifications.legacy-signature-header}; use {@link #ID_HEADER} */
    @Deprecated
    public static final String LEGACY_DELIVERY_HEADER = "X-Returns-Delivery";
    /** @deprecated sent only with {@code returns.notifications.legacy-signature-header}; use {@link #SIGNATURE_HEADER} */
    @Deprecated
    public static final String LEGACY_HEADER = "X-Returns-Signature";
    private static final String STANDARD_SECRET_PREFIX = "whsec_";
    private static final String LEGACY_PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    private final Webhook standard;
    private final String secret;
    private final boolean legacy;

    WebhookSignature(String secret, boolean legacy) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a signature needs a secret");
        }
        this.secret = secret;
        this.legacy = legacy;
        this.standard = new Webhook(key(secret));
    }

    /** The signing headers of one attempt to deliver {@code body} as the message {@code id}, sent at {@code sentAt}. */
    HttpRequest.Builder sign(HttpRequest.Builder request, String id, Instant sentAt, byte[] body) {
        long timestamp = sentAt.getEpochSecond();
        try {
            request.header(ID_HEADER, id)
                    .header(TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(SIGNATURE_HEADER, standard.sign(id, timestamp, new String(body, StandardCharsets.UTF_8)));
        } catch (WebhookSigningException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
        if (legacy) {
            request.header(LEGACY_DELIVERY_HEADER, id).header(LEGACY_HEADER, legacyOf(secret, body));
        }
        return request;
    }

    /** The secret in the standard's {@code whsec_} form, as a receiver's stock verifier takes it. */
    public static String verifierSecret(String secret) {
        return secret.startsWith(STANDARD_SECRET_PREFIX) ? secret
                : STANDARD_SECRET_PREFIX + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Checks that a configured secret can sign (a {@code whsec_} secret must be base64); the reason when not. */
    static String problemWith(String secret) {
        try {
            key(secret);
            return null;
        } catch (IllegalArgumentException e) {
            return "a secret starting with " + STANDARD_SECRET_PREFIX + " must continue in base64";
        }
    }

    private static byte[] key(String secret) {
        return secret.startsWith(STANDARD_SECRET_PREFIX)
                ? Base64.getDecoder().decode(secret.substring(STANDARD_SECRET_PREFIX.length()))
                : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The deprecated {@code X-Returns-Signature}: {@code sha256=} and the lower-case hex HMAC-SHA256 of the body. */
    public static String legacyOf(String secret, byte[] body) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a signature needs a secret");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return LEGACY_PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    /** Whether {@code header} is the deprecated signature of {@code body}; compares in constant time. */
    public static boolean legacyMatches(String secret, byte[] body, String header) {
        return header != null && MessageDigest.isEqual(legacyOf(secret, body).getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }
}
