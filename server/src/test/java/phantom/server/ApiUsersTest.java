package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.model.User;
import phantom.store.Database;
import phantom.store.DatabaseConfig;

/** API users' secrets are sealed in the database under the credentials key; old plain rows are sealed on start. */
class ApiUsersTest {
    @TempDir
    Path dir;

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void a_secret_is_stored_sealed_and_opens_only_with_its_key_and_its_own_key_id() throws Exception {
        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            CredentialVault vault = CredentialVault.open(dir.resolve("credentials.key"));
            ApiUsers users = new ApiUsers(db, vault);
            User alice = users.add("alice", T0);
            User bob = users.add("bob", T0);
            String stored = db.read(tx -> tx.users().byName("alice")).orElseThrow().secretAccessKey();
            assertThat(stored).startsWith(CredentialVault.SEALED_SECRET).doesNotContain(alice.secretAccessKey());
            assertThat(users.byAccessKey(alice.accessKeyId())).contains(alice);
            assertThat(users.byAccessKey("AKPHNOSUCHKEY0000000")).isEmpty();

            // bob's sealed secret copied into alice's row does not open as alice's
            String bobs = db.read(tx -> tx.users().byName("bob")).orElseThrow().secretAccessKey();
            db.transaction(tx -> tx.users().replaceSecret("alice", stored, bobs));
            assertThat(users.byAccessKey(alice.accessKeyId())).isEmpty();
            assertThat(users.byAccessKey(bob.accessKeyId())).contains(bob);
            // another key file opens none of them
            assertThat(new ApiUsers(db, CredentialVault.open(dir.resolve("other.key"))).byAccessKey(bob.accessKeyId())).isEmpty();
        }
    }

    @Test
    void plain_secrets_from_an_older_phantom_are_sealed_at_start_and_still_sign() throws Exception {
        User old = UserKeys.newUser("alice", T0);
        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            db.transaction(tx -> {
                tx.users().insert(old); // as Phantom 0.1 stored it: in plain text
                return null;
            });
        }
        PhantomConfig config = RunningPhantom.config(dir, Map.of("hotel", RunningPhantom.sim("hotel", Map.of())));
        try (PhantomServer server = PhantomServer.start(config, Clock.systemUTC())) {
            String stored = server.database().read(tx -> tx.users().byName("alice")).orElseThrow().secretAccessKey();
            assertThat(stored).startsWith(CredentialVault.SEALED_SECRET).doesNotContain(old.secretAccessKey());
            var client = RunningPhantom.client(server.endpoint(), old.accessKeyId(), old.secretAccessKey());
            assertThat(client.describeAutoScalingGroups().autoScalingGroups()).isEmpty();
        }
    }

    @Test
    void a_key_that_does_not_open_the_sealed_secrets_seals_nothing() throws Exception {
        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            new ApiUsers(db, CredentialVault.open(dir.resolve("credentials.key"))).add("bob", T0);
            User old = UserKeys.newUser("alice", T0);
            db.transaction(tx -> {
                tx.users().insert(old); // in plain text, as Phantom 0.1 stored it
                return null;
            });
            ApiUsers stray = new ApiUsers(db, CredentialVault.open(dir.resolve("stray.key")));
            assertThatThrownBy(stray::sealPlainSecrets).isInstanceOf(ConfigLoader.ConfigException.class).hasMessageContaining("(bob)");
            assertThat(db.read(tx -> tx.users().byName("alice")).orElseThrow().secretAccessKey())
                    .as("not sealed under the stray key (the right key must still open it)").isEqualTo(old.secretAccessKey());
        }
    }

    @Test
    void a_server_whose_key_file_does_not_open_the_secrets_stops_at_start_and_says_why() throws Exception {
        PhantomConfig config = RunningPhantom.config(dir, Map.of("hotel", RunningPhantom.sim("hotel", Map.of())));
        try (PhantomServer server = PhantomServer.start(config, Clock.systemUTC())) {
            server.users().add("alice", T0);
        }
        Files.move(dir.resolve("credentials.key"), dir.resolve("credentials.key.old"));
        assertThatThrownBy(() -> PhantomServer.start(config, Clock.systemUTC()))
                .isInstanceOf(ConfigLoader.ConfigException.class)
                .hasMessageContaining("do not open with the credentials key " + dir.resolve("credentials.key"))
                .hasMessageContaining("(alice)");
    }

    @Test
    void the_data_directory_is_made_owner_only_and_an_open_one_is_tightened() throws Exception {
        Path fresh = dir.resolve("a/b/data");
        DataDir.secure(fresh);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
        Path open = Files.createDirectories(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path leftover = Files.writeString(open.resolve("phantom.mv.db"), "x");
        Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-r--r--"));
        Path notOurs = Files.writeString(open.resolve("notes.txt"), "x");
        Files.setPosixFilePermissions(notOurs, PosixFilePermissions.fromString("rwxr-xr-x"));
        DataDir.secure(open);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(leftover))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(notOurs))).as("not Phantom's: left alone")
                .isEqualTo("rwxr-xr-x");
    }
}
