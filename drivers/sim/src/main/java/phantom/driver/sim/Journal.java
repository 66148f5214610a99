package phantom.driver.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A sim site's journal, {@code <site>.journal-<generation>}: the changes made since the snapshot of
 * the same generation, appended and forced to disk before the driver call that made them returns.
 *
 * <p>Each record is framed as a 4-byte big-endian payload length, the payload's CRC-32C (4 bytes)
 * and the payload: one ASCII line of tab-separated fields escaped as in {@link StateFile}
 * ({@code L} and a VM's 11 fields; {@code R}; {@code T}, a cloud id and an instant). A record cut
 * short by a crash mid-write, or whose checksum does not match, ends the journal: it and anything
 * after it are ignored (and cut off by the next writer), so a torn tail never becomes a change.
 */
final class Journal {
    static final int HEADER_BYTES = 8;
    /** No record comes near this; a larger length can only be garbage. */
    static final int MAX_RECORD_BYTES = 1 << 20;

    private Journal() {
    }

    /** {@code <dir>/<fileName>.journal-<generation>}, beside the snapshot {@code <dir>/<fileName>.state}. */
    static Path file(Path stateFile, long generation) {
        return stateFile.resolveSibling(prefix(stateFile) + generation);
    }

    /** What every journal file name of the site begins with. */
    static String prefix(Path stateFile) {
        String name = stateFile.getFileName().toString();
        return name.substring(0, name.length() - ".state".length()) + ".journal-";
    }

    /** The framed bytes of one record, ready to append. */
    static byte[] encode(JournalRecord record) {
        StringBuilder line = new StringBuilder(200);
        switch (record) {
            case JournalRecord.Launched l -> {
                line.append('L');
                StateFile.appendFields(line, l.vm());
            }
            case JournalRecord.Rolled r -> line.append('R');
            case JournalRecord.Terminated t -> {
                line.append("T\t");
                StateFile.escapeInto(line, t.cloudId());
                line.append('\t').append(t.at());
            }
        }
        byte[] payload = line.toString().getBytes(StandardCharsets.US_ASCII);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return ByteBuffer.allocate(HEADER_BYTES + payload.length).order(ByteOrder.BIG_ENDIAN)
                .putInt(payload.length).putInt((int) crc.getValue()).put(payload).array();
    }

    /**
     * The records of a journal's bytes, up to the first torn or damaged one.
     *
     * @param validBytes how many leading bytes hold those records
     */
    record Contents(List<JournalRecord> records, long validBytes) {
    }

    static Contents decode(byte[] bytes, Path file) throws IOException {
        List<JournalRecord> records = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        while (in.remaining() >= HEADER_BYTES) {
            int start = in.position();
            int length = in.getInt();
            int checksum = in.getInt();
            if (length < 0 || length > MAX_RECORD_BYTES || length > in.remaining()) {
                return new Contents(records, start);
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, in.position(), length);
            if ((int) crc.getValue() != checksum) {
                return new Contents(records, start);
            }
            String line = new String(bytes, in.position(), length, StandardCharsets.US_ASCII);
            in.position(in.position() + length);
            records.add(parse(line, file, records.size()));
        }
        return new Contents(records, in.position());
    }

    /** A record whose checksum matched but which does not parse was written by something else: refuse it. */
    private static JournalRecord parse(String line, Path file, int index) throws IOException {
        try {
            String[] f = line.split("\t", -1);
            return switch (f[0]) {
                case "L" -> {
                    check(f.length == 12);
                    yield new JournalRecord.Launched(StateFile.vm(f, 1));
                }
                case "R" -> {
                    check(f.length == 1);
                    yield new JournalRecord.Rolled();
                }
                case "T" -> {
                    check(f.length == 3);
                    yield new JournalRecord.Terminated(StateFile.unescape(f[1]), java.time.Instant.parse(f[2]));
                }
                default -> throw new IllegalArgumentException("unknown record kind '" + f[0] + "'");
            };
        } catch (RuntimeException e) {
            throw new IOException("sim journal " + file + " is damaged at record " + (index + 1) + ": " + e.getMessage());
        }
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("wrong number of fields");
        }
    }
}
