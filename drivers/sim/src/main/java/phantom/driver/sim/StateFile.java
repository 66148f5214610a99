package phantom.driver.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A sim site's snapshot on disk ({@code <site>.state}): a small line format, pure ASCII, one VM a
 * line, fields separated by tabs. Version 2 names the journal generation that continues it and the
 * site's id salt; version 1 (Phantom 0.1/0.2, which rewrote this file on every change) is still read. Strings are escaped ({@code \\ \t \n \r}, {@code \}{@code uXXXX} for anything outside
 * printable ASCII, {@code \N} for null) so any Java string round-trips. The last line repeats the
 * VM count so a damaged file is recognised. Writes go to a temp file that is forced to disk and
 * then atomically renamed over the state file, so a crash leaves the old state or the new one. The
 * file is created readable by its owner only (0600, its directory 0700), like everything in the data
 * directory.
 */
final class StateFile {
    static final String HEADER = "phantom-sim-state 2";
    static final String HEADER_V1 = "phantom-sim-state 1";
    private static final int VM_FIELDS = 11;

    private StateFile() {
    }

    /** The snapshot in {@code file}, or null if there is no file yet. */
    static Snapshot read(Path file, String site) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException("sim state file " + file + " is damaged: it holds bytes that are not ASCII", e);
        }
        return parse(lines, file, site);
    }

    /** Writes {@code state} to a temp file, forces it to disk and renames it over {@code file}. */
    static void write(Path file, Snapshot state) throws IOException {
        createDirectory(file.getParent());
        Path temp = temp(file);
        Files.deleteIfExists(temp); // a leftover keeps its old mode; the new file is created owner-only
        byte[] bytes = format(state).getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(temp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly())) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(file.getParent());
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** The directory, made owner-only (0700) if it does not exist yet. */
    static void createDirectory(Path dir) throws IOException {
        if (posix() && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    /** The attributes that create a file readable by its owner only (0600), where the platform has modes. */
    static FileAttribute<?>[] ownerOnly() {
        return posix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    /** Where a write stages its bytes; a leftover from a crash is ignored and overwritten. */
    static Path temp(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    /** Makes the rename durable where the platform allows syncing a directory (Linux, macOS). */
    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory; its rename is durable enough for a simulator.
        }
    }

    static String format(Snapshot state) {
        StringBuilder out = new StringBuilder(64 + 160 * state.vms().size()).append(HEADER).append('\n');
        out.append("site\t").append(escape(state.site())).append('\n');
        out.append("generation\t").append(state.generation()).append('\n');
        out.append("salt\t").append(state.salt()).append('\n');
        out.append("launches\t").append(state.launches()).append('\n');
        for (SimVm vm : state.vms()) {
            out.append("vm");
            appendFields(out, vm);
            out.append('\n');
        }
        out.append("end\t").append(state.vms().size()).append('\n');
        return out.toString();
    }

    /** The VM's {@value #VM_FIELDS} fields, each escaped and preceded by a tab. */
    static void appendFields(StringBuilder out, SimVm vm) {
        for (String field : new String[] {vm.cloudId(), vm.token(), vm.groupUuid(), vm.owner(), vm.groupName(),
                vm.imageId(), vm.instanceType(), str(vm.launchTime()), str(vm.runningAt()), str(vm.diesAt()),
                str(vm.terminatedAt())}) {
            out.append('\t');
            escapeInto(out, field);
        }
    }

    /** The VM whose fields are {@code f[from..from+10]}, as {@link #appendFields} wrote them. */
    static SimVm vm(String[] f, int from) {
        return new SimVm(unescape(f[from]), unescape(f[from + 1]), unescape(f[from + 2]), unescape(f[from + 3]),
                unescape(f[from + 4]), unescape(f[from + 5]), unescape(f[from + 6]), instant(f[from + 7]),
                instant(f[from + 8]), instant(f[from + 9]), instant(f[from + 10]));
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }

    static Snapshot parse(List<String> lines, Path file, String site) throws IOException {
        int n = 0;
        try {
            String header = line(lines, n);
            boolean v1 = HEADER_V1.equals(header);
            expect(v1 || HEADER.equals(header), "expected the header '" + HEADER + "' (or '" + HEADER_V1 + "')");
            String[] siteLine = split(line(lines, ++n), "site", 1);
            String stored = unescape(siteLine[1]);
            expect(site.equals(stored), "it belongs to site '" + stored + "', not '" + site + "'");
            long generation = 0;
            long salt = 0;
            if (!v1) {
                generation = Long.parseLong(split(line(lines, ++n), "generation", 1)[1]);
                expect(generation >= 1, "the generation must be at least 1");
                salt = Long.parseLong(split(line(lines, ++n), "salt", 1)[1]);
            }
            long launches = Long.parseLong(split(line(lines, ++n), "launches", 1)[1]);
            expect(launches >= 0, "negative launch count");
            List<SimVm> vms = new ArrayList<>();
            while (line(lines, ++n).startsWith("vm\t")) {
                vms.add(vm(split(line(lines, n), "vm", VM_FIELDS), 1));
            }
            long count = Long.parseLong(split(line(lines, n), "end", 1)[1]);
            expect(count == vms.size(), "the end line counts " + count + " VMs but " + vms.size() + " precede it");
            expect(n == lines.size() - 1, "lines follow the end line");
            return new Snapshot(site, generation, salt, launches, vms);
        } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
            throw damaged(file, n, e.getMessage());
        }
    }

    private static IOException damaged(Path file, int index, String why) {
        return new IOException("sim state file " + file + " is damaged at line " + (index + 1) + ": " + why);
    }

    private static void expect(boolean ok, String why) {
        if (!ok) {
            throw new IllegalArgumentException(why);
        }
    }

    private static String line(List<String> lines, int index) {
        if (index >= lines.size()) {
            throw new IllegalArgumentException("the file ends early (truncated?)");
        }
        return lines.get(index);
    }

    private static String[] split(String line, String kind, int fields) {
        String[] parts = line.split("\t", -1);
        if (!parts[0].equals(kind) || parts.length != fields + 1) {
            throw new IllegalArgumentException("expected a '" + kind + "' line with " + fields + " field(s)");
        }
        return parts;
    }

    static Instant instant(String field) {
        String s = unescape(field);
        return s == null ? null : Instant.parse(s);
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s == null ? 2 : s.length());
        escapeInto(out, s);
        return out.toString();
    }

    static void escapeInto(StringBuilder out, String s) {
        if (s == null) {
            out.append("\\N");
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s; // the common case: nothing escaped
        }
        if (s.equals("\\N")) {
            return null;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= s.length()) {
                throw new IllegalArgumentException("a field ends in a lone backslash");
            }
            switch (s.charAt(i)) {
                case '\\' -> out.append('\\');
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'u' -> {
                    String hex = i + 5 <= s.length() ? s.substring(i + 1, i + 5) : "";
                    if (!hex.matches("[0-9a-fA-F]{4}")) {
                        throw new IllegalArgumentException("a \\u escape needs four hex digits");
                    }
                    out.append((char) Integer.parseInt(hex, 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + s.charAt(i));
            }
        }
        return out.toString();
    }
}
