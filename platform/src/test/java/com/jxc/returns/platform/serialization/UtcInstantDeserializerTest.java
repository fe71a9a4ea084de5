package com.jxc.returns.platform.serialization;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UtcInstantDeserializerTest {

    /** Jackson's own reading of instants, as the message mapper had it before. */
    private static final ObjectMapper STANDARD = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final ObjectMapper MESSAGES = SerializationConfiguration.messageMapper();

    record Stamped(Instant at) {
    }

    @Test
    void theMessageMapperReadsInstantsThisWay() throws Exception {
        var context = ((DefaultDeserializationContext)
                MESSAGES.getDeserializationContext()).createInstance(MESSAGES.getDeserializationConfig(), null, null);

        assertThat(context.findRootValueDeserializer(MESSAGES.constructType(Instant.class)))
                .isInstanceOf(UtcInstantDeserializer.class);
    }

    @Test
    void readsWhatJacksonWritesExactlyAsJacksonReadsIt() throws Exception {
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
                    random.nextInt(1_000_000_000));
            Instant written = switch (i % 4) {
                case 0 -> instant.truncatedTo(ChronoUnit.SECONDS);
                case 1 -> instant.truncatedTo(ChronoUnit.MILLIS);
                case 2 -> instant.truncatedTo(ChronoUnit.MICROS);
                default -> instant;
            };
            String json = STANDARD.writeValueAsString(new Stamped(written));

            Stamped read = MESSAGES.readValue(json, Stamped.class);

            assertThat(read).isEqualTo(STANDARD.readValue(json, Stamped.class)).isEqualTo(new Stamped(written));
            assertThat(UtcTimestamps.parse(DateTimeFormatter.ISO_INSTANT.format(written))).isEqualTo(written);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-07T03:29:34.1Z", "2026-12-07T03:29:34.12Z", "2024-02-29T23:59:59.999999999Z",
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.5Z", "1970-01-01T00:00:00.000Z"})
    void takesEveryFractionLengthAndTheEdgesOfTheCalendar(String text) throws Exception {
        assertThat(UtcTimestamps.parse(text)).isEqualTo(Instant.parse(text));
        assertThat(MESSAGES.readValue("{\"at\":\"" + text + "\"}", Stamped.class).at()).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-07T11:29:34+08:00", "2026-12-07t03:29:34z", "2026-12-07T03:29:34.Z",
            "2026-12-07T03:29:34.1234567890Z", "2026-12-07T03:29:60Z", "+12026-12-07T03:29:34Z", "2026-12-07 03:29:34Z",
            "2026-12-07T03:29:34", "2026-12-07T24:00:00Z", "1733542174", "1733542174.5", " 2026-12-07T03:29:34Z", "2026-1a-07T03:29:34Z"})
    void leavesEveryOtherShapeToJacksonWithItsResultOrError(String text) throws Exception {
        assertThat(UtcTimestamps.parse(text)).isNull();
        String json = "{\"at\":\"" + text + "\"}";
        Object expected;
        try {
            expected = STANDARD.readValue(json, Stamped.class);
        } catch (JsonMappingException e) {
            assertThatThrownBy(() -> MESSAGES.readValue(json, Stamped.class)).isInstanceOf(e.getClass());
            return;
        }
        assertThat(MESSAGES.readValue(json, Stamped.class)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-00-10T00:00:00Z", "2026-12-00T00:00:00Z", "2026-12-07T23:60:00Z"})
    void anOutOfRangeFieldFailsAsItDidBefore(String text) {
        assertThat(UtcTimestamps.parse(text)).isNull();
        String json = "{\"at\":\"" + text + "\"}";
        assertThatThrownBy(() -> STANDARD.readValue(json, Stamped.class)).isInstanceOf(JsonMappingException.class);
        assertThatThrownBy(() -> MESSAGES.readValue(json, Stamped.class)).isInstanceOf(JsonMappingException.class);
    }

    @Test
    void numbersStillReadAsEpochSeconds() throws Exception {
        assertThat(MESSAGES.readValue("{\"at\":1733542174.5}", Stamped.class).at())
                .isEqualTo(Instant.ofEpochSecond(1_733_542_174, 500_000_000));
        assertThat(MESSAGES.readValue("{\"at\":null}", Stamped.class).at()).isNull();
    }
}
