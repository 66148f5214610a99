package phantom.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The embedded database's files on disk: {@code phantom.db} and SQLite's {@code -wal} and
 * {@code -shm} beside it, readable by the owner only (SQLite gives its companions the database
 * file's permissions).
 */
final class EmbeddedFile {
    /** The file of Phantom 0.1's embedded H2 database, beside {@code phantom.db}. */
    static final String H2_FILE = "phantom.mv.db";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private EmbeddedFile() {}

    /** Makes the directory (0700) and an empty database file (0600) if missing; tightens existing files to 0600. */
    static void prepare(Path file) {
        try {
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                if (posix(dir)) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
                else Files.createDirectories(dir);
            }
            if (posix(dir)) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } catch (FileAlreadyExistsException e) {
                    // an existing database
                }
                for (Path f : List.of(file, companion(file, "-wal"), companion(file, "-shm"))) {
                    if (Files.exists(f) && !Files.getPosixFilePermissions(f).equals(OWNER_ONLY)) {
                        Files.setPosixFilePermissions(f, OWNER_ONLY);
                    }
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot make the embedded database file " + file + ": " + e, e);
        }
    }

    /** @throws NoDatabase saying where it looked (and what it found instead) when {@code file} is missing */
    static void requireExisting(Path file) {
        if (Files.isRegularFile(file)) return;
        Path h2 = file.resolveSibling(H2_FILE);
        if (Files.isRegularFile(h2)) {
            throw new NoDatabase("no database file " + file + ", but a Phantom 0.1 database " + h2
                    + "; start 'phantom serve' once on this data directory to import it");
        }
        throw new NoDatabase("no Phantom database at " + file
                + (Files.isDirectory(file.getParent()) ? "" : " (the directory " + file.getParent() + " does not exist)")
                + "; 'phantom serve' makes it on first start");
    }

    static Path companion(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
