package com.jxc.returns.projection.notification;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationPropertiesTest {

    private static NotificationProperties properties(String url, String secret) {
        return new NotificationProperties(url, secret, Duration.ofSeconds(1), 20, Duration.ofSeconds(2),
                Duration.ofSeconds(30), 8, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofDays(7), true);
    }

    @Test
    void backOffStartsAtTheInitialWaitDoublesAndIsCapped() {
        var properties = properties("", "");

        assertThat(properties.backoffAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.backoffAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(properties.backoffAfter(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(properties.backoffAfter(5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.backoffAfter(60)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anEmptyWebhookTurnsDeliveryOff() {
        assertThat(properties("", "").deliveryEnabled()).isFalse();
        assertThat(properties("http://127.0.0.1:9/hook", "s").deliveryEnabled()).isTrue();
    }

    @Test
    void cannotConfigureAWebhookWithoutASecretOrWithAnotherScheme() {
        assertThatThrownBy(() -> properties("http://127.0.0.1:9/hook", ""))
                .hasMessageContaining("returns.notifications.secret");
        assertThatThrownBy(() -> properties("http://127.0.0.1:9/hook", "whsec_not base64!"))
                .hasMessageContaining("returns.notifications.secret").hasMessageContaining("base64");
        assertThatThrownBy(() -> properties("ftp://example.com/hook", "s"))
                .hasMessageContaining("http(s)");
    }
}
