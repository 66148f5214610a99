package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.store.Database;
import phantom.store.TestDatabases;

/**
 * Only {@code serve} makes a database. The other commands, pointed at a wrong data directory or
 * without the config that names the PostgreSQL database, fail and say where they looked, instead
 * of making an empty database and listing no users.
 */
class CommandsNeedADatabaseTest {
    private static final List<List<String>> COMMANDS = List.of(
            List.of("user", "add", "alice"), List.of("user", "list"), List.of("user", "remove", "alice"),
            List.of("credentials", "set", "alice", "hotel", "access_key_id=AK"), List.of("credentials", "list"),
            List.of("credentials", "remove", "alice", "hotel"));

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result phantom(List<String> command, String... options) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(Stream.concat(command.stream(), Stream.of(options)).toArray(String[]::new));
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void aWrongDataDirectoryIsNamedAndLeftAsItWas() throws Exception {
        Path wrong = dir.resolve("wrong").resolve("path");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        for (List<String> command : COMMANDS) {
            Result missing = phantom(command, "--data-dir", wrong.toString());
            assertThat(missing.code()).as("%s", command).isEqualTo(2);
            assertThat(missing.err()).as("%s", command).contains("no Phantom database at " + wrong.resolve("phantom.db"))
                    .contains("does not exist").contains("--data-dir").contains("--config");

            Result none = phantom(command, "--data-dir", empty.toString());
            assertThat(none.code()).as("%s", command).isEqualTo(2);
            assertThat(none.err()).as("%s", command).contains(empty.resolve("phantom.db").toString()).contains("phantom serve");
        }
        assertThat(dir.resolve("wrong")).doesNotExist();
        assertThat(empty).isEmptyDirectory();
    }

    @Test
    void aPostgresqlDatabaseWithoutPhantomsSchemaIsNamedAndLeftEmpty() throws Exception {
        var pg = TestDatabases.postgresConfig();
        Path config = Files.writeString(dir.resolve("phantom.yaml"), """
                database:
                  url: "%s"
                  user: %s
                """.formatted(pg.url(), pg.user()));
        Path data = dir.resolve("data");

        for (List<String> command : COMMANDS) {
            Result r = phantom(command, "--config", config.toString(), "--data-dir", data.toString());
            assertThat(r.code()).as("%s", command).isEqualTo(2);
            assertThat(r.err()).as("%s", command).contains(pg.url()).contains("no Phantom data").contains(config.toString());
        }
        try (Database made = Database.open(pg)) { // what serve does; then the commands work
            assertThat(made.read((phantom.store.Tx tx) -> tx.users().all())).isEmpty();
        }
        assertThat(phantom(List.of("user", "add", "alice"), "--config", config.toString(), "--data-dir", data.toString()).code()).isZero();
        assertThat(phantom(List.of("user", "list"), "--config", config.toString(), "--data-dir", data.toString()).out()).startsWith("alice\t");
    }
}
