package phantom.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One {@code phantom serve} per data directory: two would run two reconcilers over the same groups
 * (the embedded database serves a second process, for the user commands). The lock is the
 * operating system's, so it is released when the process dies, even by kill -9.
 */
final class ServeLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ServeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static ServeLock acquire(Path dataDir) throws IOException {
        DataDir.secure(dataDir);
        Path file = dataDir.resolve("serve.lock");
        FileChannel ch = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ), DataDir.privateFile());
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldInThisJvm) {
            lock = null;
        }
        if (lock == null) {
            String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
            ch.close();
            throw new ConfigLoader.ConfigException("another 'phantom serve' is running on data directory " + dataDir
                    + (holder.isEmpty() ? "" : " (" + holder + ")") + "; stop it first, or use another --data-dir");
        }
        ch.truncate(0);
        ch.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
        return new ServeLock(ch, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
