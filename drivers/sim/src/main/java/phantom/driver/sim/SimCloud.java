package phantom.driver.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The state of one simulated site, kept in {@code <dataDir>/sim/<site>.state}. Open it to look at
 * the site's VMs from outside the driver (tests asserting "no orphan VMs", operators): every call
 * reads the file afresh, so it always shows what the site's driver last wrote, from this process or
 * another one.
 *
 * <p>Changes (only the driver makes them) are serialised per state file within the process and
 * written atomically before the driver returns, so the VMs of a sim site survive a restart or a
 * kill -9 of Phantom. Only one Phantom process should use a data directory at a time.
 */
public final class SimCloud {
    /** One lock per state file, shared by every driver of the same site and data directory in this JVM. */
    private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final String site;
    private final Path file;
    private final ReentrantLock lock;

    private SimCloud(String site, Path file) {
        this.site = site;
        this.file = file;
        this.lock = LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
    }

    /** The sim site {@code site} whose state lives under {@code dataDir}; the file need not exist yet. */
    public static SimCloud open(Path dataDir, String site) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(site, "site");
        return new SimCloud(site, stateFile(dataDir, site));
    }

    /**
     * {@code <dataDir>/sim/<site>.state}, the site name kept as is when it is made of letters, digits,
     * '-' and '_', and percent-encoded (UTF-8) otherwise, so any site name is a safe file name.
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
     * Every VM the site remembers, in launch order, terminated ones included (they are forgotten a
     * day after their termination).
     *
     * @throws UncheckedIOException if the state file cannot be read or is damaged
     */
    public List<SimVm> all() {
        try {
            return read().vms();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The VMs not terminated: running, pending or dead (failed), each holding a place in the capacity. */
    public List<SimVm> live() {
        return all().stream().filter(SimVm::live).toList();
    }

    SimState read() throws IOException {
        return StateFile.read(file, site);
    }

    /** What a change decided: the state to write (null to write nothing) and the answer for the caller. */
    record Change<T>(SimState next, T result) {
    }

    /** Reads the state, applies {@code change} and writes the result to disk, all under the file's lock. */
    <T> T change(Function<SimState, Change<T>> change) throws IOException {
        lock.lock();
        try {
            Change<T> c = change.apply(read());
            if (c.next() != null) {
                StateFile.write(file, c.next());
            }
            return c.result();
        } finally {
            lock.unlock();
        }
    }
}
