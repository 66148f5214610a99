package phantom.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory holds the database, the credentials key and the users' keys, so it is private
 * to the account Phantom runs as: the directory and Phantom's directories in it 0700, its files
 * 0600. Phantom creates its own files that way (the embedded SQLite file is made 0600 before the
 * database opens it, and SQLite gives its side files the same mode); what an older Phantom left
 * readable is tightened when {@code serve} starts. Only Phantom's own entries are touched ({@link #isPhantoms}),
 * in case the data directory is shared with other things; on file systems without POSIX
 * permissions nothing is changed.
 */
final class DataDir {
    private static final Logger log = LoggerFactory.getLogger(DataDir.class);
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** Where the first start leaves the admin keys when nobody is at a terminal to read them. */
    static final String ADMIN_KEYS = "admin-keys.txt";
    /** Phantom's entries at the top of the data directory, besides the database's {@code phantom.*} files. */
    private static final Set<String> OWN = Set.of("serve.lock", "credentials.key", ADMIN_KEYS,
            "sim", // the sim driver's state files (phantom.driver.sim.SimCloud)
            "tls"); // the --self-signed certificate and key
    private static final Set<PosixFilePermission> OTHERS = java.util.EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DataDir() {
    }

    /**
     * Creates {@code dir} (and missing parents) with mode 0700, or tightens an existing one that
     * others can read, saying so in the log, then tightens everything in it.
     */
    static Path secure(Path dir) {
        try {
            if (!posix()) return Files.createDirectories(dir);
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
                Files.setPosixFilePermissions(dir, DIRECTORY); // createDirectories is subject to the umask
            } else if (!Files.getPosixFilePermissions(dir).equals(DIRECTORY)) {
                String before = PosixFilePermissions.toString(Files.getPosixFilePermissions(dir));
                Files.setPosixFilePermissions(dir, DIRECTORY);
                log.warn("data directory {} was {}; made it rwx------ (owner only): it holds keys and secrets", dir, before);
            }
            List<Path> tightened = tighten(dir);
            if (!tightened.isEmpty()) {
                log.warn("made {} file(s) in {} owner-only: {}", tightened.size(), dir, tightened);
            }
            return dir;
        } catch (IOException e) {
            throw new ConfigLoader.ConfigException("cannot set up the data directory " + dir + ": " + e);
        }
    }

    /** True for what Phantom keeps in the data directory, given relative to it. */
    static boolean isPhantoms(Path relative) {
        String top = relative.getName(0).toString();
        return top.startsWith("phantom.") || OWN.contains(top);
    }

    /**
     * Takes the group and other permissions away from Phantom's entries under {@code dir} (not
     * following links) and returns what it changed.
     */
    static List<Path> tighten(Path dir) throws IOException {
        List<Path> changed = new ArrayList<>();
        if (!posix() || !Files.isDirectory(dir)) return changed;
        List<Path> own;
        try (Stream<Path> top = Files.list(dir)) {
            own = top.filter(p -> isPhantoms(dir.relativize(p))).toList();
        }
        for (Path entry : own) {
            if (Files.isSymbolicLink(entry)) continue;
            List<Path> tree;
            try (Stream<Path> all = Files.walk(entry)) {
                tree = all.toList();
            } catch (UncheckedIOException | java.nio.file.NoSuchFileException gone) {
                continue; // a temporary file the database removed meanwhile
            }
            for (Path p : tree) {
                try {
                    if (Files.isSymbolicLink(p)) continue;
                    Set<PosixFilePermission> have = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                    if (!java.util.Collections.disjoint(have, OTHERS)) {
                        Set<PosixFilePermission> owner = java.util.EnumSet.noneOf(PosixFilePermission.class);
                        owner.addAll(have);
                        owner.removeAll(OTHERS);
                        Files.setPosixFilePermissions(p, owner);
                        changed.add(dir.relativize(p));
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // removed meanwhile
                }
            }
        }
        return changed;
    }

    /** The attribute that creates a file 0600, or none where there are no POSIX permissions. */
    static FileAttribute<?>[] privateFile() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /**
     * Writes {@code text} to {@code file} with mode 0600 through a temporary file and a rename, so
     * the file is never readable by others, not even for a moment, and a crash leaves the old file
     * or the new one.
     */
    static void writePrivate(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp", privateFile());
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
