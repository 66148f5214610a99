package phantom.driver.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A simulated site's VMs as its files show them, for looking at them from outside the driver (tests
 * asserting "no orphan VMs", operators), from this process or another one. Every call reads the files
 * afresh, so it shows every change whose driver call has returned.
 *
 * <p>The files, in {@code <dataDir>/sim/}: {@code <site>.state}, a snapshot naming its generation
 * G ({@link StateFile}), and {@code <site>.journal-G}, the changes since ({@link Journal}). The
 * driver ({@link SimSite}) keeps the state in memory, appends each change to the journal and forces
 * it to disk before the call returns, and now and then compacts: it writes snapshot G+1 (the journal
 * G+1 exists, empty, before the snapshot is renamed into place) and then deletes journal G. A reader
 * that finds the journal of the snapshot it read gone reads the newer snapshot, so it never misses a
 * change. Only one Phantom process should use a data directory at a time.
 */
public final class SimCloud {
    /** How often a reader tries again when compactions keep replacing the files it is reading. */
    private static final int READ_ATTEMPTS = 100;

    private final String site;
    private final Path file;

    private SimCloud(String site, Path file) {
        this.site = site;
        this.file = file;
    }

    /** The sim site {@code site} whose state lives under {@code dataDir}; the files need not exist yet. */
    public static SimCloud open(Path dataDir, String site) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(site, "site");
        return new SimCloud(site, stateFile(dataDir, site));
    }

    /**
     * {@code <dataDir>/sim/<site>.state}, the site's snapshot, the site name kept as is when it is made
     * of letters, digits, '-' and '_', and percent-encoded (UTF-8) otherwise, so any site name is a
     * safe file name. The journals beside it are {@code <site>.journal-<generation>}.
     */
    public static Path stateFile(Path dataDir, String site) {
        return dataDir.toAbsolutePath().normalize().resolve("sim").resolve(fileName(site) + ".state");
    }

    static String fileName(String site) {
        StringBuilder out = new StringBuilder();
        for (byte b : site.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append(c);
            } else {
                out.append(String.format("%%%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    public String site() {
        return site;
    }

    public Path file() {
        return file;
    }

    /**
     * Every VM the site remembers, in launch order, terminated ones included (a driver forgets them a
     * day after their termination; its files drop them at the next compaction).
     *
     * @throws UncheckedIOException if the files cannot be read or are damaged
     */
    public List<SimVm> all() {
        try {
            Loaded loaded = load(file, site);
            if (loaded.snapshot() == null) {
                return List.of();
            }
            SimState state = SimState.of(loaded.snapshot());
            loaded.journal().records().forEach(state::apply);
            return state.vms();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The VMs not terminated: running, pending or dead (failed), each holding a place in the capacity. */
    public List<SimVm> live() {
        return all().stream().filter(SimVm::live).toList();
    }

    /**
     * A site's files as read at one moment.
     *
     * @param snapshot null when the site has no files yet
     * @param journal the records of the snapshot's journal (none for a snapshot of the 0.1/0.2 format)
     */
    record Loaded(Snapshot snapshot, Journal.Contents journal) {
    }

    /** Reads the snapshot and then its journal, again if a compaction replaced them in between. */
    static Loaded load(Path file, String site) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Snapshot snapshot = StateFile.read(file, site);
            if (snapshot == null || snapshot.legacy()) {
                return new Loaded(snapshot, new Journal.Contents(List.of(), 0));
            }
            Path journal = Journal.file(file, snapshot.generation());
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(journal);
            } catch (NoSuchFileException e) {
                if (attempt < READ_ATTEMPTS) {
                    continue; // compacted since we read the snapshot: the next snapshot is in place
                }
                throw new IOException("sim site " + site + ": the journal " + journal + " of snapshot " + file
                        + " is missing", e);
            }
            return new Loaded(snapshot, Journal.decode(bytes, journal));
        }
    }
}
