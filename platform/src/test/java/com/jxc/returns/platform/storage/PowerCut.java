package com.jxc.returns.platform.storage;

import org.h2.store.fs.FileBaseDefault;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * H2 file system prefix {@code powercut:} for tests (as in {@code jdbc:h2:powercut:/dir/db}, or an MVStore file
 * name {@code powercut:/dir/store.mv}): what a power loss would leave of a file. Each file {@code f} is written as
 * usual — that is the operating system's cache, which the process reads back — and beside it {@code f.disk} holds
 * only what had reached the disk: every write of a file opened for synchronous writes ({@code rws}, {@code rwd}),
 * and the whole file at each {@code force}. {@link #cut} copies the disk images of a directory elsewhere under their
 * own names, as the machine would find them when it starts again.
 */
public final class PowerCut extends FilePathWrapper {

    public static final String SCHEME = "powercut";
    private static final String DISK = ".disk";
    /** Held while a disk image changes, so that a cut never copies half of a write. */
    private static final Object DISK_WRITES = new Object();

    public static void register() {
        FilePath.register(new PowerCut());
    }

    /** Copies what reached the disk of every file in {@code directory} into {@code target}, under the file's name. */
    public static void cut(Path directory, Path target) {
        synchronized (DISK_WRITES) {
            try (Stream<Path> files = Files.list(directory)) {
                Files.createDirectories(target);
                for (Path image : files.filter(file -> file.getFileName().toString().endsWith(DISK)).toList()) {
                    String name = image.getFileName().toString();
                    Files.copy(image, target.resolve(name.substring(0, name.length() - DISK.length())));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        if ("r".equals(mode)) {
            return getBase().open(mode);
        }
        FileChannel cache = getBase().open("rw");
        FileChannel image = FileChannel.open(diskImage(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new CutChannel(cache, image, !"rw".equals(mode));
    }

    @Override
    public void delete() {
        super.delete();
        try {
            Files.deleteIfExists(diskImage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path diskImage() {
        String name = getBase().toString();
        return Path.of((name.startsWith("file:") ? name.substring("file:".length()) : name) + DISK);
    }

    private static final class CutChannel extends FileBaseDefault {

        private final FileChannel cache;
        private final FileChannel disk;
        private final boolean synchronousWrites;

        CutChannel(FileChannel cache, FileChannel disk, boolean synchronousWrites) {
            this.cache = cache;
            this.disk = disk;
            this.synchronousWrites = synchronousWrites;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return cache.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            if (!synchronousWrites) {
                return cache.write(src, position);
            }
            ByteBuffer copy = src.duplicate();
            int written = cache.write(src, position);
            copy.limit(copy.position() + written);
            synchronized (DISK_WRITES) {
                while (copy.hasRemaining()) {
                    disk.write(copy, position + written - copy.remaining());
                }
            }
            return written;
        }

        @Override
        protected void implTruncate(long size) throws IOException {
            cache.truncate(size);
            if (synchronousWrites) {
                synchronized (DISK_WRITES) {
                    disk.truncate(size);
                }
            }
        }

        @Override
        public void force(boolean metaData) throws IOException {
            cache.force(metaData);
            synchronized (DISK_WRITES) {
                long size = cache.size();
                long copied = 0;
                while (copied < size) {
                    copied += cache.transferTo(copied, size - copied, disk.position(copied));
                }
                disk.truncate(size);
            }
        }

        @Override
        public long size() throws IOException {
            return cache.size();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return cache.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            cache.close();
            disk.close();
        }
    }
}
