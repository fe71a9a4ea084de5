package com.jxc.returns.projection.notification;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignatureTest {

    private static final byte[] BODY =
            "{\"deliveryId\":\"R-1:approved\",\"message\":\"已批准\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsByTheStandardWebhooksScheme() {
        // the example of the Standard Webhooks specification
        var signature = new WebhookSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", false);
        HttpHeaders headers = signature.sign(request(), "msg_p5jXN8AQM9LWM0D4loKWxJek",
                Instant.ofEpochSecond(1614265330), "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8))
                .build().headers();

        assertThat(headers.firstValue("webhook-id")).hasValue("msg_p5jXN8AQM9LWM0D4loKWxJek");
        assertThat(headers.firstValue("webhook-timestamp")).hasValue("1614265330");
        assertThat(headers.firstValue("webhook-signature")).hasValue("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(headers.map()).doesNotContainKeys("X-Returns-Signature", "X-Returns-Delivery");
    }

    @Test
    void aStockVerifierAcceptsWhatWasSentNowAndRejectsAChangedBodyAnotherKeyOrAReplay() throws Exception {
        String secret = "s3cret, not in the standard's form";
        var signature = new WebhookSignature(secret, false);
        var verifier = new Webhook(WebhookSignature.verifierSecret(secret));

        HttpHeaders now = signature.sign(request(), "R-1:approved", Instant.now(), BODY).build().headers();
        verifier.verify(new String(BODY, StandardCharsets.UTF_8), now.map());

        byte[] changed = "{\"deliveryId\":\"R-1:approved\",\"message\":\"已批准 \"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verifier.verify(new String(changed, StandardCharsets.UTF_8), now.map()))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> new Webhook(WebhookSignature.verifierSecret("other")).verify(
                new String(BODY, StandardCharsets.UTF_8), now.map()))
                .isInstanceOf(WebhookVerificationException.class);
        HttpHeaders replayed = signature.sign(request(), "R-1:approved",
                Instant.now().minus(Duration.ofMinutes(10)), BODY).build().headers();
        assertThatThrownBy(() -> verifier.verify(new String(BODY, StandardCharsets.UTF_8), replayed.map()))
                .as("older than the verifier's tolerance").isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void theDeprecatedHeadersAreSentOnlyWhenAskedFor() {
        HttpHeaders headers = new WebhookSignature("s3cret", true)
                .sign(request(), "R-1:approved", Instant.now(), BODY).build().headers();

        assertThat(headers.firstValue("X-Returns-Delivery")).hasValue("R-1:approved");
        assertThat(WebhookSignature.legacyMatches("s3cret", BODY, headers.firstValue("X-Returns-Signature").orElseThrow()))
                .isTrue();
        assertThat(headers.firstValue("webhook-signature")).isPresent();
    }

    @Test
    void theDeprecatedSignatureIsHmacSha256AsLowerCaseHex() {
        // RFC 4231, test case 2
        String signature = WebhookSignature.legacyOf("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8));

        assertThat(signature)
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        byte[] changed = "{\"deliveryId\":\"R-1:approved\",\"message\":\"已批准 \"}".getBytes(StandardCharsets.UTF_8);
        String header = WebhookSignature.legacyOf("s3cret", BODY);
        assertThat(WebhookSignature.legacyMatches("s3cret", BODY, header)).isTrue();
        assertThat(WebhookSignature.legacyMatches("s3cret", changed, header)).isFalse();
        assertThat(WebhookSignature.legacyMatches("other", BODY, header)).isFalse();
        assertThat(WebhookSignature.legacyMatches("s3cret", BODY, null)).isFalse();
    }

    @Test
    void cannotSignWithoutASecretOrWithAMalformedStandardSecret() {
        assertThatThrownBy(() -> new WebhookSignature("", false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(WebhookSignature.problemWith("whsec_not base64!")).contains("base64");
        assertThatCode(() -> WebhookSignature.problemWith("any text")).doesNotThrowAnyException();
        assertThat(WebhookSignature.problemWith("any text")).isNull();
    }

    private static HttpRequest.Builder request() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1/hook"));
    }
}
