package com.jxc.returns.api.common;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The identifier shape, as the value types check it and as request parameters are validated with it. */
class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"R-1", "SO-2026-000001", "a", "x_y.z:1", "0123456789012345678901234567890123456789012345678901234567890123"})
    void acceptsSafeIdentifiersAndThePatternAgrees(String id) {
        assertThat(Identifiers.requireSafe(id, "id")).isEqualTo(id);
        assertThat(id).matches(Identifiers.PATTERN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-R1", "R 1", "R/1", "R$1", "é", "01234567890123456789012345678901234567890123456789012345678901234"})
    void refusesEverythingElseAndThePatternAgrees(String id) {
        assertThatThrownBy(() -> Identifiers.requireSafe(id, "id")).isInstanceOf(IllegalArgumentException.class);
        assertThat(id).doesNotMatch(Identifiers.PATTERN);
    }
}
