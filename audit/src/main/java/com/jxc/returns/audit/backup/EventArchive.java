package com.jxc.returns.audit.backup;

import com.jxc.returns.audit.EventLog;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The whole event store as JSON Lines: one event per line ({@link ArchiveLine}), in position order. It goes back in
 * with {@link ArchiveImport}.
 */
@Component
public class EventArchive {

    private final EventLog log;

    EventArchive(EventLog log) {
        this.log = log;
    }

    /** Writes every stored event, in position order; returns how many. */
    public long export(OutputStream out) throws IOException {
        long[] count = {0};
        try {
            log.forEach(event -> {
                try {
                    out.write(ArchiveLine.format(event).getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                    count[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
        return count[0];
    }
}
