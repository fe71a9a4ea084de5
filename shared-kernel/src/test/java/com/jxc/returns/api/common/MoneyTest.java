package com.jxc.returns.api.common;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    private static final Currency JPY = Currency.getInstance("JPY");
    private static final Currency USD = Currency.getInstance("USD");

    @Test
    void holdsAmountsAtTheMinorUnitRoundedHalfEven() {
        assertThat(Money.of("1.005", Money.CNY).amount()).isEqualByComparingTo("1.00");
        assertThat(Money.of("1.015", Money.CNY).amount()).isEqualByComparingTo("1.02");
        assertThat(Money.of("7", Money.CNY).amount().scale()).isEqualTo(2);
    }

    @Test
    void equalAmountsAreEqualWhateverTheScaleTheyWereWrittenIn() {
        assertThat(Money.of("1", Money.CNY)).isEqualTo(Money.of("1.00", Money.CNY));
        assertThat(Money.of("1", Money.CNY)).isNotEqualTo(Money.of("1", USD));
    }

    @Test
    void yenHasNoMinorUnit() {
        assertThat(Money.of("12.5", JPY).amount()).isEqualByComparingTo("12");
        assertThat(Money.of("13.5", JPY).amount()).isEqualByComparingTo("14");
        assertThat(Money.of("13.5", JPY).amount().scale()).isZero();
        assertThat(Money.of("100", JPY).percent(new BigDecimal("15"))).isEqualTo(Money.of("15", JPY));
    }

    @Test
    void refusesMissingParts() {
        assertThatThrownBy(() -> new Money(null, Money.CNY)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Money(BigDecimal.ONE, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void refusesAbsurdAmounts() {
        assertThatThrownBy(() -> Money.of("1000000000000", Money.CNY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of("-1000000000000", Money.CNY)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Money.of("999999999999.99", Money.CNY).amount()).isEqualByComparingTo("999999999999.99");
    }

    @Test
    void refusesToMixCurrencies() {
        var yuan = Money.of("1.00", Money.CNY);
        var dollar = Money.of("1.00", USD);

        assertThatThrownBy(() -> yuan.plus(dollar)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> yuan.minus(dollar)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> yuan.compareTo(dollar)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arithmeticIsExact() {
        var price = Money.of("0.10", Money.CNY);

        assertThat(price.times(3)).isEqualTo(Money.of("0.30", Money.CNY));
        assertThat(price.plus(Money.of("0.20", Money.CNY))).isEqualTo(Money.of("0.30", Money.CNY));
        assertThat(price.minus(Money.of("0.30", Money.CNY))).isEqualTo(Money.of("-0.20", Money.CNY));
        assertThat(price.minus(Money.of("0.30", Money.CNY)).isNegative()).isTrue();
        assertThat(Money.zero(Money.CNY).isZero()).isTrue();
        assertThat(Money.of("0.30", Money.CNY).percent(new BigDecimal("15"))).isEqualTo(Money.of("0.04", Money.CNY));
        assertThat(Money.of("0.70", Money.CNY).percent(new BigDecimal("15"))).isEqualTo(Money.of("0.10", Money.CNY));
        assertThat(Money.of("1.10", Money.CNY).percent(new BigDecimal("15"))).isEqualTo(Money.of("0.16", Money.CNY));
    }

    @Test
    void printsPlainAmountAndCurrency() {
        assertThat(Money.of("1E+3", Money.CNY)).hasToString("1000.00 CNY");
    }
}
