package com.jxc.returns.projection.notification;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignatureTest {

    @Test
    void signsTheBodyWithHmacSha256AsLowerCaseHex() {
        // RFC 4231, test case 2
        String signature = WebhookSignature.of("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8));

        assertThat(signature)
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void signsTheExactBytesSoAnyChangeBreaksTheSignature() {
        byte[] body = "{\"deliveryId\":\"R-1:approved\",\"message\":\"已批准\"}".getBytes(StandardCharsets.UTF_8);
        byte[] changed = "{\"deliveryId\":\"R-1:approved\",\"message\":\"已批准 \"}".getBytes(StandardCharsets.UTF_8);
        String header = WebhookSignature.of("s3cret", body);

        assertThat(WebhookSignature.matches("s3cret", body, header)).isTrue();
        assertThat(WebhookSignature.matches("s3cret", changed, header)).isFalse();
        assertThat(WebhookSignature.matches("other", body, header)).isFalse();
        assertThat(WebhookSignature.matches("s3cret", body, null)).isFalse();
    }

    @Test
    void cannotSignWithoutASecret() {
        assertThatThrownBy(() -> WebhookSignature.of("", new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
