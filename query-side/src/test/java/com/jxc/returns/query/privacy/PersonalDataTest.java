package com.jxc.returns.query.privacy;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

class PersonalDataTest {

    @Test
    void masksEmailsKeepingTwoCharactersAndTheDomain() {
        assertThat(PersonalData.maskContact("zhangsan@example.com")).isEqualTo("zh***@example.com");
        assertThat(PersonalData.maskContact("li@example.com")).isEqualTo("l***@example.com");
    }

    @Test
    void masksPhoneNumbersKeepingCountryCodeFirstThreeAndLastFourDigits() {
        assertThat(PersonalData.maskContact("+86 13800000002")).isEqualTo("+86 138****0002");
        assertThat(PersonalData.maskContact("+86 138-0000-0002")).isEqualTo("+86 138****0002");
        assertThat(PersonalData.maskContact("13800000000")).isEqualTo("138****0000");
        assertThat(PersonalData.maskContact("1234567")).isEqualTo("****67");
    }

    @Test
    void masksAnythingElseToItsFirstCharacter() {
        assertThat(PersonalData.maskContact("WeChat: lilei88")).isEqualTo("W***");
        assertThat(PersonalData.maskContact(null)).isNull();
    }

    @Test
    void onlyCustomerServiceAndAdministratorsSeeContactsInFull() {
        assertThat(PersonalData.seesContacts(new TestingAuthenticationToken("cs", "", "ROLE_CUSTOMER_SERVICE")))
                .isTrue();
        assertThat(PersonalData.seesContacts(new TestingAuthenticationToken("admin", "", "ROLE_ADMIN"))).isTrue();
        for (String role : new String[]{"ROLE_AUDITOR", "ROLE_REVIEWER", "ROLE_WAREHOUSE", "ROLE_FINANCE",
                "ROLE_INTEGRATION"}) {
            assertThat(PersonalData.seesContacts(new TestingAuthenticationToken("u", "", role))).isFalse();
        }
        assertThat(PersonalData.seesContacts(null)).isFalse();
    }
}
