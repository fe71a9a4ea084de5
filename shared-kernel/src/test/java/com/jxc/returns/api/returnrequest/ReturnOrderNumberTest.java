package com.jxc.returns.api.returnrequest;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The number format customers see, and reading the serial back (a restore continues the sequence after it). */
class ReturnOrderNumberTest {

    @Test
    void theYearAndTheSerialPaddedToSixDigits() {
        assertThat(ReturnOrderNumber.format(2026, 1)).isEqualTo("RT-2026-000001");
        assertThat(ReturnOrderNumber.format(2027, 1_234_567)).isEqualTo("RT-2027-1234567");
    }

    @Test
    void theSerialOfEveryNumberItFormatsReadsBack() {
        for (long serial : new long[]{1, 42, 999_999, 1_000_000, 987_654_321_012L}) {
            assertThat(ReturnOrderNumber.serialOf(ReturnOrderNumber.format(2026, serial)))
                    .isEqualTo(OptionalLong.of(serial));
        }
    }

    @Test
    void aTextThatIsNoReturnOrderNumberHasNoSerial() {
        assertThat(ReturnOrderNumber.serialOf("")).isEmpty();
        assertThat(ReturnOrderNumber.serialOf("RT-2026-")).isEmpty();
        assertThat(ReturnOrderNumber.serialOf("SO-2026-000001")).isEmpty();
        assertThat(ReturnOrderNumber.serialOf("RT-2026-000001x")).isEmpty();
    }

    @Test
    void findsANumberInsideAText() {
        var matcher = ReturnOrderNumber.PATTERN.matcher("{\"returnOrderNumber\":\"RT-2026-000042\"}");

        assertThat(matcher.find()).isTrue();
        assertThat(matcher.group()).isEqualTo("RT-2026-000042");
    }
}
