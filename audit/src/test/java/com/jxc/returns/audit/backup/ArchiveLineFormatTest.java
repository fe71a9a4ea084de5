package com.jxc.returns.audit.backup;

import com.jxc.returns.audit.StoredEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A stored event written as one archive line, which reads back as exactly what was stored. */
class ArchiveLineFormatTest {

    private static StoredEvent stored(String metaData, String payload) {
        return new StoredEvent(41, "e-9", "ReturnRequest", "R-7", 3, "2026-03-01T02:00:00.123Z", "ReturnReceived",
                null, metaData.getBytes(StandardCharsets.UTF_8), payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesTheFieldsInTheArchiveOrderWithMetaDataAndPayloadAsStored() throws Exception {
        String line = ArchiveLine.format(stored("{\"userId\":\"wh\"}", "{\"returnId\":\"R-7\", \"note\":\"纸箱破损\"}"));

        assertThat(line).isEqualTo("{\"position\":41,\"eventId\":\"e-9\",\"aggregateType\":\"ReturnRequest\","
                + "\"aggregateId\":\"R-7\",\"sequenceNumber\":3,\"type\":\"ReturnReceived\",\"revision\":null,"
                + "\"timestamp\":\"2026-03-01T02:00:00.123Z\",\"metaData\":{\"userId\":\"wh\"},"
                + "\"payload\":{\"returnId\":\"R-7\", \"note\":\"纸箱破损\"}}");
    }

    @Test
    void aWrittenLineReadsBackAsTheStoredEvent() throws Exception {
        StoredEvent event = stored("{\"userId\":\"wh\"}", "{\"returnId\":\"R-7\",\"lines\":[{\"lineNo\":1}]}");

        assertThat(ArchiveLine.parse(1, ArchiveLine.format(event))).isEqualTo(new ArchivedEvent(41, "e-9",
                "ReturnRequest", "R-7", 3, "ReturnReceived", null, "2026-03-01T02:00:00.123Z",
                "{\"userId\":\"wh\"}", "{\"returnId\":\"R-7\",\"lines\":[{\"lineNo\":1}]}"));
    }

    @Test
    void refusesToWriteAnEventStoredWithALineBreak() {
        assertThatThrownBy(() -> ArchiveLine.format(stored("{}", "{\"note\":\n\"x\"}")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("e-9");
    }
}
