package com.jxc.returns.platform.storage;

import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * H2 file system prefix {@code synced:} (as in {@code jdbc:h2:synced:async:…}): the database's files are opened for
 * synchronous writes ({@code DSYNC}), so a write has reached the disk, not only the operating system's cache, when
 * it returns. With {@code WRITE_DELAY=0} H2 writes every commit before the commit returns, so a command acknowledged
 * after its commit survives a power loss as it survives a {@code kill -9}, whichever path committed it (the group
 * commit, a caller's transaction, the deadline scheduler, the order-number sequence).
 */
public class SyncedWrites extends FilePathWrapper {

    public static final String SCHEME = "synced";

    /** Makes the prefix known to H2; call before a connection to a {@code synced:} URL is opened. */
    public static void register() {
        FilePath.register(new SyncedWrites());
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return super.open("rw".equals(mode) ? "rwd" : mode);
    }
}
