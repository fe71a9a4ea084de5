package com.jxc.returns.api.returnpolicy;

import com.jxc.returns.api.returnrequest.ReturnReason;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

import static com.jxc.returns.api.returnpolicy.PolicyTestTerms.autoApproval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReturnPolicyTermsTest {

    private static ReturnPolicyTerms terms(int windowDays, Map<ReturnReason, Integer> byReason,
                                           Map<String, Integer> byCategory, String feePercent, int receiptDays,
                                           String keepItem, String zone) {
        return new ReturnPolicyTerms(windowDays, byReason, byCategory, new BigDecimal(feePercent), Set.of(),
                autoApproval(true, true, "500"), receiptDays, new BigDecimal(keepItem), zone);
    }

    @Test
    void defaultsAreValidAndInShanghai() {
        var defaults = ReturnPolicyTerms.defaults();

        assertThat(defaults.windowDays()).isEqualTo(30);
        assertThat(defaults.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(PolicyVersion.builtIn().version()).isZero();
    }

    @Test
    void timeZoneDefaultsToShanghai() {
        assertThat(terms(30, null, null, "15", 14, "20", null).timeZone()).isEqualTo("Asia/Shanghai");
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> terms(-1, null, null, "15", 14, "20", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> terms(ReturnPolicyTerms.MAX_DAYS + 1, null, null, "15", 14, "20", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> terms(30, Map.of(ReturnReason.OTHER, -1), null, "15", 14, "20", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> terms(30, null, Map.of(" ", 7), "15", 14, "20", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> terms(30, null, Map.of("food", -7), "15", 14, "20", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> terms(30, null, null, "-0.01", 14, "20", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> terms(30, null, null, "100.01", 14, "20", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> terms(30, null, null, "15", 0, "20", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> terms(30, null, null, "15", 14, "-1", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> terms(30, null, null, "15", 14, "20", "Mars/Olympus"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
