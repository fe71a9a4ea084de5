package com.jxc.returns.audit.backup;

import com.jxc.returns.projection.returns.ReturnWorklist;
import com.jxc.returns.query.admin.ReadModelAdministration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.util.List;

/**
 * Loads an archive into the empty event store, then rebuilds every read model this instance keeps from it (and its
 * worklist index) and, on a command-side instance, replays the stream to schedule the receipt deadlines of open
 * return orders again.
 */
@Component
class Restore {

    /** The command-side process that schedules receipt deadlines again when it replays the stream. */
    private static final String RECEIPT_DEADLINES = "receipt-deadlines";

    private final ArchiveImport archive;
    private final ObjectProvider<ReadModelAdministration> readModels;
    private final EventProcessingConfiguration processing;

    Restore(ArchiveImport archive, ObjectProvider<ReadModelAdministration> readModels,
            EventProcessingConfiguration processing) {
        this.archive = archive;
        this.readModels = readModels;
        this.processing = processing;
    }

    record Restored(long events, long aggregates, long lastPosition, List<String> rebuilding) {
    }

    Restored restore(InputStream archiveFile) {
        ArchiveImport.Imported imported = archive.importFrom(archiveFile);
        List<String> rebuilding = readModels.stream()
                .flatMap(administration -> administration.rebuildAll().stream()
                        .map(ReadModelAdministration.Status::name))
                .toList();
        replayFromTheStart(ReturnWorklist.PROCESSING_GROUP);
        replayFromTheStart(RECEIPT_DEADLINES);
        return new Restored(imported.events(), imported.aggregates(), imported.lastPosition(), rebuilding);
    }

    /**
     * The imported rows reach a processor that follows the head of the stream only when the event store next polls
     * its tables (they were not published through it); one that starts again from the tail reads them at once.
     */
    private void replayFromTheStart(String processorName) {
        processing.eventProcessor(processorName, StreamingEventProcessor.class).ifPresent(processor -> {
            processor.shutDown();
            processor.resetTokens();
            processor.start();
        });
    }
}
