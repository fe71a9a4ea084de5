package com.jxc.returns.projection.notification;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The value of the {@code X-Returns-Signature} header: {@code sha256=} and the lower-case hex HMAC-SHA256 of the
 * exact body bytes, keyed with the UTF-8 bytes of the shared secret. A receiver recomputes it over the bytes it
 * received and compares in constant time.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Returns-Signature";
    public static final String DELIVERY_HEADER = "X-Returns-Delivery";
    private static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    public static String of(String secret, byte[] body) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a signature needs a secret");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    /** Whether {@code header} is the signature of {@code body}; compares in constant time. */
    public static boolean matches(String secret, byte[] body, String header) {
        return header != null && MessageDigest.isEqual(of(secret, body).getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }
}
