package phantom.driver.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * One simulated site's state in this JVM, shared by every driver made for the same site and data
 * directory, with its durability.
 *
 * <p>A change is decided and applied in memory under a short lock ({@link #change}); its journal
 * records are queued in the same critical section, so journal order is decision order. The caller
 * then waits, outside that lock, until its records are on disk: the first waiter writes everything
 * queued so far and forces it (one fsync), and the callers queued behind it find their records
 * already durable (group commit). A launch therefore never holds the lock during I/O, and concurrent
 * launches share their fsyncs.
 *
 * <p>When the journal holds many records relative to the state ({@link #compactionMinimum}, and at
 * least half as many as the VMs remembered, so the snapshot written costs amortised O(1) a change),
 * the writer compacts:
 * see {@link SimCloud} for the order of the files. A write that fails stops this copy of the site
 * (every later call fails) and drops it from this JVM, so the next call reads the files afresh.
 */
final class SimSite {
    private static final Map<Path, SimSite> OPEN = new HashMap<>();
    private static final SecureRandom SALTS = new SecureRandom();

    /** Journal records that make a compaction worth it, whatever the site's size. Tests lower it. */
    static volatile int compactionMinimum = 10_000;

    private final Path file;
    private final String site;
    /** Guards {@link #state} and the queue of unwritten records. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Held by the one thread writing the files. */
    private final ReentrantLock writer = new ReentrantLock();

    private final SimState state;
    private final ByteArrayOutputStream queued = new ByteArrayOutputStream();
    private int queuedRecords;
    /** Bytes ever queued (under {@link #lock}) and bytes of those on disk: positions in one stream of records. */
    private long appended;
    private volatile long durable;
    private volatile IOException broken;

    // owned by the thread holding {@link #writer}
    private long generation;
    private long journalRecords;

    private SimSite(Path file, String site, SimState state, long generation, long journalRecords) {
        this.file = file;
        this.site = site;
        this.state = state;
        this.generation = generation;
        this.journalRecords = journalRecords;
    }

    /** The site whose snapshot is {@code file}, read from its files the first time this JVM uses it. */
    static SimSite of(Path file, String site) throws IOException {
        synchronized (OPEN) {
            SimSite open = OPEN.get(file);
            if (open == null) {
                open = open(file, site);
                OPEN.put(file, open);
            }
            return open;
        }
    }

    /** Forgets this JVM's copy of the site, as a restart would; the next use reads its files. For tests. */
    static void closeForTests(Path file) {
        synchronized (OPEN) {
            OPEN.remove(file);
        }
    }

    private static SimSite open(Path file, String site) throws IOException {
        StateFile.createDirectory(file.getParent());
        SimCloud.Loaded loaded = SimCloud.load(file, site);
        Snapshot snapshot = loaded.snapshot();
        if (snapshot == null || snapshot.legacy()) {
            // A new site, or one written by Phantom 0.1/0.2: start generation 1, drawing the id salt now.
            snapshot = new Snapshot(site, 1, SALTS.nextLong(),
                    snapshot == null ? 0 : snapshot.launches(), snapshot == null ? List.of() : snapshot.vms());
            startGeneration(file, snapshot);
        } else {
            Path journal = Journal.file(file, snapshot.generation());
            try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
                if (ch.size() > loaded.journal().validBytes()) {
                    ch.truncate(loaded.journal().validBytes()); // a torn tail from a crash mid-write
                    ch.force(true);
                }
            }
        }
        deleteOtherJournals(file, snapshot.generation());
        SimState state = SimState.of(snapshot);
        loaded.journal().records().forEach(state::apply);
        return new SimSite(file, site, state, snapshot.generation(), loaded.journal().records().size());
    }

    /** Creates the empty journal of the snapshot's generation, then puts the snapshot in place. */
    private static void startGeneration(Path file, Snapshot snapshot) throws IOException {
        Path journal = Journal.file(file, snapshot.generation());
        try (FileChannel ch = FileChannel.open(journal, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), StateFile.ownerOnly())) {
            ch.force(true);
        }
        StateFile.write(file, snapshot); // forces the directory, which makes the journal's name durable too
    }

    private static void deleteOtherJournals(Path file, long generation) throws IOException {
        String prefix = Journal.prefix(file);
        try (DirectoryStream<Path> journals = Files.newDirectoryStream(file.getParent(), prefix + "*")) {
            for (Path journal : journals) {
                if (!journal.getFileName().toString().equals(prefix + generation)) {
                    Files.deleteIfExists(journal);
                }
            }
        }
    }

    /** What a change decided: the records to journal and apply (none when nothing changes) and the caller's answer. */
    record Change<T>(List<JournalRecord> records, T result) {
    }

    /**
     * Decides a change under the lock, at the clock's time then, applies its records and returns once
     * they are on disk.
     */
    <T> T change(Clock clock, BiFunction<SimState, Instant, Change<T>> decide) throws IOException {
        long target;
        T result;
        lock.lock();
        try {
            failIfBroken();
            Instant now = clock.instant();
            state.forget(now);
            Change<T> change = decide.apply(state, now);
            for (JournalRecord record : change.records()) {
                state.apply(record);
                byte[] bytes = Journal.encode(record);
                queued.write(bytes, 0, bytes.length);
                queuedRecords++;
                appended += bytes.length;
            }
            target = appended; // also when nothing changed: what we saw must be durable before we answer
            result = change.result();
        } finally {
            lock.unlock();
        }
        awaitDurable(target);
        return result;
    }

    /** Reads the state under the lock at the clock's time. */
    <T> T read(Clock clock, BiFunction<SimState, Instant, T> read) throws IOException {
        lock.lock();
        try {
            failIfBroken();
            Instant now = clock.instant();
            state.forget(now);
            return read.apply(state, now);
        } finally {
            lock.unlock();
        }
    }

    boolean broken() {
        return broken != null;
    }

    private void failIfBroken() throws IOException {
        IOException b = broken;
        if (b != null) {
            throw new IOException("sim site " + site + " stopped after a write to " + file.getParent()
                    + " failed: " + b.getMessage(), b);
        }
    }

    private void awaitDurable(long target) throws IOException {
        if (durable >= target) {
            return;
        }
        writer.lock();
        try {
            if (durable >= target) {
                return; // a writer before us took our records along
            }
            failIfBroken();
            byte[] batch;
            long end;
            Snapshot compacted = null;
            lock.lock();
            try {
                batch = queued.toByteArray();
                queued.reset();
                end = appended;
                journalRecords += queuedRecords;
                queuedRecords = 0;
                if (journalRecords >= Math.max(compactionMinimum, state.size() / 2)) {
                    compacted = state.snapshot(generation + 1);
                }
            } finally {
                lock.unlock();
            }
            try {
                append(batch);
            } catch (IOException e) {
                breakDown(e);
                throw e;
            }
            durable = end;
            if (compacted != null) {
                compact(compacted);
            }
        } finally {
            writer.unlock();
        }
    }

    private void append(byte[] batch) throws IOException {
        try (FileChannel ch = FileChannel.open(Journal.file(file, generation), StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(batch);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
    }

    /**
     * Starts the snapshot's generation, whose state is the old snapshot and everything journaled so
     * far; records queued since it was taken go to the new journal. If it fails before the snapshot
     * is renamed into place, the old files stay in force and a later write tries again.
     */
    private void compact(Snapshot next) {
        Path old = Journal.file(file, generation);
        try {
            startGeneration(file, next);
        } catch (IOException e) {
            if (generationOnDisk() != next.generation()) {
                try {
                    Files.deleteIfExists(Journal.file(file, next.generation()));
                } catch (IOException ignored) {
                    // an empty journal of a generation that never started; the next open deletes it
                }
                return;
            }
        }
        generation = next.generation();
        journalRecords = 0;
        try {
            Files.deleteIfExists(old);
        } catch (IOException ignored) {
            // a journal older than the snapshot is never read; the next open deletes it
        }
    }

    private long generationOnDisk() {
        try {
            Snapshot s = StateFile.read(file, site);
            return s == null ? 0 : s.generation();
        } catch (IOException e) {
            return -1;
        }
    }

    private void breakDown(IOException e) {
        broken = e;
        synchronized (OPEN) {
            OPEN.remove(file, this);
        }
    }
}
