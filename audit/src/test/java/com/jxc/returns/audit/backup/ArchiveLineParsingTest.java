package com.jxc.returns.audit.backup;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One line of an event archive, read strictly: every field in the exported order with the exported type. */
class ArchiveLineParsingTest {

    private static final String VALID = """
            {"position":7,"eventId":"e-1","aggregateType":"ReturnRequest","aggregateId":"R-1",\
            "sequenceNumber":2,"type":"ReturnApproved","revision":"1","timestamp":"2026-03-01T02:00:00Z",\
            "metaData":{"correlationId":"c-1"},"payload":{"returnId":"R-1","lines":[{"lineNo":1}]}}""";

    @Test
    void readsEveryFieldOfAValidLineAndKeepsMetaDataAndPayloadAsWritten() {
        ArchivedEvent event = ArchiveLine.parse(3, VALID);

        assertThat(event).isEqualTo(new ArchivedEvent(7, "e-1", "ReturnRequest", "R-1", 2, "ReturnApproved", "1",
                "2026-03-01T02:00:00Z", "{\"correlationId\":\"c-1\"}", "{\"returnId\":\"R-1\",\"lines\":[{\"lineNo\":1}]}"));
    }

    @Test
    void aNullRevisionIsKept() {
        assertThat(ArchiveLine.parse(1, VALID.replace("\"revision\":\"1\"", "\"revision\":null")).revision())
                .isNull();
    }

    static Stream<Arguments> malformedLines() {
        return Stream.of(
                Arguments.of("an array", "[1,2]", "not a JSON object"),
                Arguments.of("broken JSON", VALID.substring(0, 40), "not valid JSON"),
                Arguments.of("fields out of order", VALID.replace("\"position\":7,\"eventId\":\"e-1\"",
                        "\"eventId\":\"e-1\",\"position\":7"), "expected field position"),
                Arguments.of("a field missing", VALID.replace("\"aggregateType\":\"ReturnRequest\",", ""),
                        "expected field aggregateType"),
                Arguments.of("negative position", VALID.replace("\"position\":7", "\"position\":-7"),
                        "position must be a non-negative integer"),
                Arguments.of("position as text", VALID.replace("\"position\":7", "\"position\":\"7\""),
                        "position must be a non-negative integer"),
                Arguments.of("fractional sequence number", VALID.replace("\"sequenceNumber\":2",
                        "\"sequenceNumber\":2.5"), "sequenceNumber must be a non-negative integer"),
                Arguments.of("blank event id", VALID.replace("\"eventId\":\"e-1\"", "\"eventId\":\" \""),
                        "eventId must be a text of 1-255 characters"),
                Arguments.of("aggregate id too long", VALID.replace("\"aggregateId\":\"R-1\"",
                        "\"aggregateId\":\"" + "R".repeat(256) + "\""), "aggregateId must be a text of 1-255"),
                Arguments.of("type as number", VALID.replace("\"type\":\"ReturnApproved\"", "\"type\":5"),
                        "type must be a text of 1-255 characters"),
                Arguments.of("revision as number", VALID.replace("\"revision\":\"1\"", "\"revision\":1"),
                        "revision must be a string or null"),
                Arguments.of("timestamp not an instant", VALID.replace("2026-03-01T02:00:00Z", "yesterday"),
                        "timestamp yesterday is not an ISO-8601 instant"),
                Arguments.of("meta data as text", VALID.replace("{\"correlationId\":\"c-1\"}", "\"c-1\""),
                        "metaData must be a JSON object"),
                Arguments.of("payload as array", VALID.replace("{\"returnId\":\"R-1\",\"lines\":[{\"lineNo\":1}]}",
                        "[]"), "payload must be a JSON object"),
                Arguments.of("a field after the payload", VALID.substring(0, VALID.length() - 1) + ",\"extra\":1}",
                        "unexpected content after the payload"),
                Arguments.of("a second value on the line", VALID + " {}", "unexpected content after the payload"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedLines")
    void refusesAMalformedLineNamingItsNumberAndTheFault(String fault, String line, String message) {
        assertThatThrownBy(() -> ArchiveLine.parse(42, line))
                .isInstanceOf(InvalidArchive.class)
                .hasMessageStartingWith("line 42: " + message);
    }
}
