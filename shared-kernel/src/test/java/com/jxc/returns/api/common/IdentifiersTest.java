package com.jxc.returns.api.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;
import java.util.regex.Pattern;

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

    @ParameterizedTest
    @ValueSource(strings = {"R..1", "R.1.2", "a.", "a..", "R.:.1"})
    void refusesTwoDotsInARowOnly(String id) {
        assertThat(Identifiers.isSafe(id)).isEqualTo(!id.contains(".."));
    }

    @Test
    void agreesWithThePatternOnRandomText() {
        var pattern = Pattern.compile(Identifiers.PATTERN);
        var random = new Random(11);
        String alphabet = "aZ09_.:-/ $é\u0000";
        for (int i = 0; i < 200_000; i++) {
            var text = new StringBuilder();
            int length = random.nextInt(3) == 0 ? 60 + random.nextInt(8) : random.nextInt(6);
            for (int c = 0; c < length; c++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String id = text.toString();
            assertThat(Identifiers.isSafe(id)).as(id)
                    .isEqualTo(pattern.matcher(id).matches() && !id.contains(".."));
        }
        assertThat(Identifiers.isSafe(null)).isFalse();
    }
}
