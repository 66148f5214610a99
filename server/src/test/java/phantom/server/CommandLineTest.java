package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.store.Database;
import phantom.store.DatabaseConfig;

/** The user and credentials commands, run as {@code phantom ...} would run them, on a temporary data dir. */
class CommandLineTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    @org.junit.jupiter.api.BeforeEach
    void makeTheDatabaseAsServeDoes() {
        Database.open(DatabaseConfig.embedded(dir)).close();
    }

    Result phantom(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--data-dir", dir.toString())).toArray(String[]::new);
            int code = Main.run(all);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void users_are_added_listed_and_removed() {
        Result added = phantom("user", "add", "alice");
        assertThat(added.code()).isZero();
        assertThat(added.out()).containsPattern("\\[alice\\]\naws_access_key_id = AKPH[A-Z2-7]{16}\naws_secret_access_key = \\S{40}\n");
        assertThat(phantom("user", "add", "alice").err()).contains("already exists");
        assertThat(phantom("user", "add", "bad name!").code()).isEqualTo(2);
        assertThat(phantom("user", "list").out()).startsWith("alice\tAKPH");
        assertThat(phantom("user", "remove", "alice").out()).contains("removed user 'alice'");
        assertThat(phantom("user", "list").out()).isEmpty();
        assertThat(phantom("user", "remove", "alice").err()).contains("no user named 'alice'");
    }

    @Test
    void credentials_are_stored_encrypted_and_listed_without_values() throws Exception {
        phantom("user", "add", "alice");
        Result set = phantom("credentials", "set", "alice", "hotel", "access_key_id=AKIAEXAMPLE", "secret_access_key=TOPSECRETVALUE");
        assertThat(set.code()).isZero();
        assertThat(set.out()).contains("stored access_key_id, secret_access_key for alice on hotel").doesNotContain("TOPSECRET");
        assertThat(phantom("credentials", "list").out()).contains("alice\thotel\taccess_key_id,secret_access_key").doesNotContain("TOPSECRET");
        assertThat(phantom("credentials", "set", "bob", "hotel", "a=b").err()).contains("no user named 'bob'");
        assertThat(phantom("credentials", "set", "alice", "nowhere", "a=b").err()).contains("not configured");
        assertThat(phantom("credentials", "set", "alice", "hotel", "novalue").err()).contains("NAME=VALUE");

        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            String sealed = db.read(tx -> tx.credentials().get("alice", "hotel")).orElseThrow().sealed();
            assertThat(sealed).doesNotContain("TOPSECRET").doesNotContain("AKIAEXAMPLE");
            CloudCredentialStore store = new CloudCredentialStore(db, CredentialVault.open(dir.resolve("credentials.key")),
                    java.time.Clock.systemUTC());
            assertThat(store.credentials("alice", "hotel").get("secret_access_key")).isEqualTo("TOPSECRETVALUE");
            assertThat(store.credentials("alice", "sierra").isEmpty()).isTrue();
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("credentials.key")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
        assertThat(phantom("credentials", "remove", "alice", "hotel").code()).isZero();
        assertThat(phantom("credentials", "list").out()).isEmpty();
    }
}
