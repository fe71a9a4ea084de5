package com.jxc.returns.api.returnpolicy;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.returnrequest.ReturnReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Map;
import java.util.Set;

import static com.jxc.returns.api.returnpolicy.PolicyTestTerms.cny;
import static com.jxc.returns.api.returnpolicy.PolicyTestTerms.standard;
import static org.assertj.core.api.Assertions.assertThat;

class RestockingFeePolicyTest {

    @ParameterizedTest(name = "15 % of {0} CNY is {1} CNY")
    @CsvSource({
            "0.30, 0.04",   // 0.045 -> half-even down to the even fen
            "0.70, 0.10",   // 0.105 -> 0.10
            "1.10, 0.16",   // 0.165 -> 0.16
            "0.50, 0.08",   // 0.075 -> 0.08 (half-even, not half-down)
            "0.90, 0.14",   // 0.135 -> 0.14
            "9.90, 1.48",   // 1.485 -> 1.48
            "398.00, 59.70",
            "0.00, 0.00"
    })
    void feeRoundsHalfEvenAtTheMinorUnit(String goods, String fee) {
        assertThat(RestockingFeePolicy.fee(standard(), ReturnReason.DISSATISFIED, cny(goods))).isEqualTo(cny(fee));
    }

    @ParameterizedTest
    @EnumSource(value = ReturnReason.class, names = {"QUALITY_DEFECT", "WRONG_ITEM", "TRANSIT_DAMAGE"})
    void waivedReasonsPayNoFee(ReturnReason reason) {
        assertThat(RestockingFeePolicy.isWaived(standard(), reason)).isTrue();
        assertThat(RestockingFeePolicy.fee(standard(), reason, cny("1000.00"))).isEqualTo(cny("0.00"));
    }

    @ParameterizedTest
    @EnumSource(value = ReturnReason.class, names = {"DISSATISFIED", "OTHER"})
    void otherReasonsPayTheFee(ReturnReason reason) {
        assertThat(RestockingFeePolicy.isWaived(standard(), reason)).isFalse();
        assertThat(RestockingFeePolicy.fee(standard(), reason, cny("1000.00"))).isEqualTo(cny("150.00"));
    }

    @ParameterizedTest(name = "15 % of {0} JPY is {1} JPY")
    @CsvSource({
            "10, 2",     // 1.5 -> 2
            "30, 4",     // 4.5 -> 4
            "1000, 150",
            "7, 1"       // 1.05 -> 1
    })
    void currencyWithoutMinorUnitRoundsToWholeUnits(String goods, String fee) {
        var yen = Currency.getInstance("JPY");

        Money charged = RestockingFeePolicy.fee(standard(), ReturnReason.OTHER, Money.of(goods, yen));

        assertThat(charged).isEqualTo(Money.of(fee, yen));
        assertThat(charged.amount().scale()).isZero();
    }

    @Test
    void fractionalPercentagesAreExact() {
        var terms = new ReturnPolicyTerms(30, Map.of(), Map.of(), new BigDecimal("12.5"), Set.of(),
                PolicyTestTerms.autoApproval(true, true, "500"), 14, BigDecimal.ZERO, "Asia/Shanghai");

        assertThat(RestockingFeePolicy.fee(terms, ReturnReason.OTHER, cny("0.20"))).isEqualTo(cny("0.02")); // 0.025
        assertThat(RestockingFeePolicy.fee(terms, ReturnReason.OTHER, cny("0.28"))).isEqualTo(cny("0.04")); // 0.035
    }

    @Test
    void zeroAndFullPercentages() {
        var free = new ReturnPolicyTerms(30, Map.of(), Map.of(), BigDecimal.ZERO, Set.of(),
                PolicyTestTerms.autoApproval(true, true, "500"), 14, BigDecimal.ZERO, null);
        var full = new ReturnPolicyTerms(30, Map.of(), Map.of(), new BigDecimal("100"), Set.of(),
                PolicyTestTerms.autoApproval(true, true, "500"), 14, BigDecimal.ZERO, null);

        assertThat(RestockingFeePolicy.fee(free, ReturnReason.OTHER, cny("123.45"))).isEqualTo(cny("0.00"));
        assertThat(RestockingFeePolicy.fee(full, ReturnReason.OTHER, cny("123.45"))).isEqualTo(cny("123.45"));
    }
}
