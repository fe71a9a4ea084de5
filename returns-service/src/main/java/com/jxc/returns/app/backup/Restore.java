package com.jxc.returns.app.backup;

import com.jxc.returns.query.admin.ReadModelAdministration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.util.List;

/** Loads an archive into the empty event store, then rebuilds every read model this instance keeps from it. */
@Component
class Restore {

    private final EventArchive archive;
    private final ObjectProvider<ReadModelAdministration> readModels;

    Restore(EventArchive archive, ObjectProvider<ReadModelAdministration> readModels) {
        this.archive = archive;
        this.readModels = readModels;
    }

    record Restored(long events, long aggregates, long lastPosition, List<String> rebuilding) {
    }

    Restored restore(InputStream archiveFile) {
        EventArchive.Imported imported = archive.importFrom(archiveFile);
        List<String> rebuilding = readModels.stream()
                .flatMap(administration -> administration.statuses().stream()
                        .map(status -> administration.rebuild(status.name()).name()))
                .toList();
        return new Restored(imported.events(), imported.aggregates(), imported.lastPosition(), rebuilding);
    }
}
