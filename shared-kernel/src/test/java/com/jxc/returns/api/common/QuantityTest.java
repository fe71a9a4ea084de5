package com.jxc.returns.api.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuantityTest {

    @Test
    void acceptsZeroUpToTheMaximum() {
        assertThat(Quantity.of(0).isZero()).isTrue();
        assertThat(Quantity.of(Quantity.MAX).value()).isEqualTo(Quantity.MAX);
    }

    @Test
    void refusesNegativeAndHugeCounts() {
        assertThatThrownBy(() -> Quantity.of(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quantity.of(Quantity.MAX + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arithmeticStaysInRange() {
        assertThat(Quantity.of(2).plus(Quantity.of(3))).isEqualTo(Quantity.of(5));
        assertThat(Quantity.of(5).minus(Quantity.of(5))).isEqualTo(Quantity.ZERO);
        assertThatThrownBy(() -> Quantity.of(2).minus(Quantity.of(3))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quantity.of(Quantity.MAX).plus(Quantity.of(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void comparesByCount() {
        assertThat(Quantity.of(3).exceeds(Quantity.of(2))).isTrue();
        assertThat(Quantity.of(2).exceeds(Quantity.of(2))).isFalse();
        assertThat(Quantity.of(1)).isLessThan(Quantity.of(2));
    }

    @Test
    void identifiersRefuseUnsafeValues() {
        assertThatThrownBy(() -> new Sku("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sku("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sku("a..b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserId(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Sku("SKU-1.a:b_c")).hasToString("SKU-1.a:b_c");
    }
}
