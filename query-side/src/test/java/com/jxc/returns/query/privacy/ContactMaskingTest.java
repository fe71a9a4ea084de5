package com.jxc.returns.query.privacy;

import com.jxc.returns.api.query.ReturnHistory;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ContactMaskingTest {

    @Test
    void masksEmailsKeepingTwoCharactersAndTheDomain() {
        assertThat(ContactMasking.mask("zhangsan@example.com")).isEqualTo("zh***@example.com");
        assertThat(ContactMasking.mask("li@example.com")).isEqualTo("l***@example.com");
    }

    @Test
    void masksPhoneNumbersKeepingCountryCodeFirstThreeAndLastFourDigits() {
        assertThat(ContactMasking.mask("+86 13800000002")).isEqualTo("+86 138****0002");
        assertThat(ContactMasking.mask("+86 138-0000-0002")).isEqualTo("+86 138****0002");
        assertThat(ContactMasking.mask("13800000000")).isEqualTo("138****0000");
        assertThat(ContactMasking.mask("1234567")).isEqualTo("****67");
    }

    @Test
    void masksAnythingElseToItsFirstCharacter() {
        assertThat(ContactMasking.mask("WeChat: lilei88")).isEqualTo("W***");
        assertThat(ContactMasking.mask(null)).isNull();
    }

    @Test
    void onlyCustomerServiceAndAdministratorsSeeContactsInFull() {
        assertThat(ContactMasking.forCaller(new TestingAuthenticationToken("cs", "", "ROLE_CUSTOMER_SERVICE"))
                .inFull()).isTrue();
        assertThat(ContactMasking.forCaller(new TestingAuthenticationToken("admin", "", "ROLE_ADMIN")).inFull())
                .isTrue();
        for (String role : new String[]{"ROLE_AUDITOR", "ROLE_REVIEWER", "ROLE_WAREHOUSE", "ROLE_FINANCE",
                "ROLE_INTEGRATION"}) {
            assertThat(ContactMasking.forCaller(new TestingAuthenticationToken("u", "", role)).inFull()).isFalse();
        }
        assertThat(ContactMasking.forCaller(null).inFull()).isFalse();
    }

    @Test
    void masksEveryContactFieldOfAStoredPayloadAndCopiesTheRestExactly() {
        String requested = "{\"returnId\":\"R-1\",\"customer\":{\"id\":\"C-1\",\"name\":\"张三\","
                + "\"contact\":\"zhangsan@example.com\"},\"value\":{\"amount\":199.00,\"currency\":\"CNY\"},"
                + "\"lines\":[{\"lineNo\":1,\"quantity\":2}],\"note\":null}";
        assertThat(ContactMasking.MASKED.eventPayload(requested)).isEqualTo(requested
                .replace("zhangsan@example.com", "zh***@example.com"));
        String notification = "{\"recipientName\":\"张三\",\"recipientContact\":\"+86 13800000002\",\"attempt\":1e2}";
        assertThat(ContactMasking.MASKED.eventPayload(notification)).isEqualTo(notification
                .replace("+86 13800000002", "+86 138****0002"));

        String noContact = "{ \"returnId\" : \"R-1\" }";
        assertThat(ContactMasking.MASKED.eventPayload(noContact)).isSameAs(noContact);
        assertThat(ContactMasking.FULL.eventPayload(requested)).isSameAs(requested);
    }

    @Test
    void walksHistoriesOptionalsAndListsAndLeavesEverythingElseAlone() {
        var entry = new ReturnHistory.Entry(1, "e-1", "R-1", 0, "CustomerNotificationRequested", "1",
                Instant.EPOCH, "cs", "CUSTOMER_SERVICE", "c", "c", null, "{\"recipientContact\":\"li@example.com\"}");
        var history = new ReturnHistory("R-1", "SO-1", List.of(entry));

        Object masked = ContactMasking.MASKED.apply(Optional.of(List.of(history)));

        assertThat(masked).isEqualTo(Optional.of(List.of(new ReturnHistory("R-1", "SO-1", List.of(
                new ReturnHistory.Entry(1, "e-1", "R-1", 0, "CustomerNotificationRequested", "1", Instant.EPOCH,
                        "cs", "CUSTOMER_SERVICE", "c", "c", null, "{\"recipientContact\":\"l***@example.com\"}"))))));
        List<String> unrelated = List.of("a", "b");
        assertThat(ContactMasking.MASKED.apply(unrelated)).isSameAs(unrelated);
        assertThat(ContactMasking.FULL.apply(history)).isSameAs(history);
    }
}
