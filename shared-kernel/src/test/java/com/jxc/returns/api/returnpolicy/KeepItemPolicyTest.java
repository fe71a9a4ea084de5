package com.jxc.returns.api.returnpolicy;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

import static com.jxc.returns.api.returnpolicy.PolicyTestTerms.cny;
import static com.jxc.returns.api.returnpolicy.PolicyTestTerms.standard;
import static org.assertj.core.api.Assertions.assertThat;

class KeepItemPolicyTest {

    @Test
    void goodsWorthLessThanTheThresholdAreKept() {
        assertThat(KeepItemPolicy.keepsItem(standard(), cny("19.99"))).isTrue();
        assertThat(KeepItemPolicy.keepsItem(standard(), cny("0.00"))).isTrue();
    }

    @Test
    void goodsWorthExactlyTheThresholdAreShippedBack() {
        assertThat(KeepItemPolicy.keepsItem(standard(), cny("20.00"))).isFalse();
        assertThat(KeepItemPolicy.keepsItem(standard(), cny("20.01"))).isFalse();
    }

    @Test
    void zeroThresholdMeansEverythingIsShippedBack() {
        var never = new ReturnPolicyTerms(30, Map.of(), Map.of(), BigDecimal.TEN, Set.of(),
                PolicyTestTerms.autoApproval(true, true, "500"), 14, BigDecimal.ZERO, null);

        assertThat(KeepItemPolicy.keepsItem(never, cny("0.00"))).isFalse();
    }
}
