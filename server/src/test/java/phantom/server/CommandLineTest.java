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

    /** A sim site (takes no credentials), an EC2 site and an OpenStack site. */
    static final String CONFIG = """
            sites:
              hotel: {driver: sim}
              aws: {driver: ec2, region: us-east-1}
              chameleon: {driver: openstack, auth_url: "https://keystone.example.org:5000/v3"}
            """;

    @org.junit.jupiter.api.BeforeEach
    void makeTheDatabaseAsServeDoes() {
        Database.open(DatabaseConfig.embedded(dir)).close();
    }

    Result phantom(String... args) {
        return phantomWithInput("", args);
    }

    /** Runs with {@code input} as standard input (not a terminal, as in a script or a pipe). */
    Result phantomWithInput(String input, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        java.io.InputStream in = System.in;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            System.setIn(new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--data-dir", dir.toString(), "--config", config().toString())).toArray(String[]::new);
            int code = Main.run(all);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        }
    }

    @Test
    void secret_credentials_are_refused_on_the_command_line_and_taken_from_standard_input() throws Exception {
        phantom("user", "add", "alice");
        for (String secret : new String[] {"secret_access_key=S3CRET", "password=S3CRET", "session_token=S3CRET",
                "application_credential_secret=S3CRET"}) {
            Result refused = phantom("credentials", "set", "alice", "aws", "access_key_id=AKIAEXAMPLE", secret);
            assertThat(refused.code()).isEqualTo(2);
            assertThat(refused.err()).contains("is a secret and is not taken on the command line").doesNotContain("S3CRET");
        }
        assertThat(phantom("credentials", "list").out()).as("nothing stored").isEmpty();

        Result stdin = phantomWithInput("access_key_id=AKIAEXAMPLE\n\nsecret_access_key=FROM STDIN = x\n",
                "credentials", "set", "alice", "aws", "--stdin");
        assertThat(stdin.code()).as(stdin.err()).isZero();
        assertThat(storedSecret("alice", "aws")).isEqualTo("FROM STDIN = x");
        Result asked = phantomWithInput("SECRET1\nTOKEN2\n", "credentials", "set", "alice", "aws", "access_key_id=AKIAEXAMPLE",
                "secret_access_key", "session_token");
        assertThat(asked.code()).as(asked.err()).isZero();
        assertThat(asked.out()).doesNotContain("SECRET1").doesNotContain("TOKEN2");
        assertThat(phantom("credentials", "set", "alice", "aws", "--stdin", "secret_access_key").err()).contains("--stdin reads NAME=VALUE lines");
        assertThat(phantom("credentials", "set", "alice", "aws").err()).contains("give the credentials");

        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            CloudCredentialStore store = new CloudCredentialStore(db, CredentialVault.open(dir.resolve("credentials.key")),
                    java.time.Clock.systemUTC());
            assertThat(store.credentials("alice", "aws").get("secret_access_key")).isEqualTo("SECRET1");
            assertThat(store.credentials("alice", "aws").get("session_token")).isEqualTo("TOKEN2");
            assertThat(store.credentials("alice", "aws").get("access_key_id")).isEqualTo("AKIAEXAMPLE");
        }
    }

    /** The secret_access_key stored for this user and site, opened with the key file. */
    String storedSecret(String user, String site) {
        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            return new CloudCredentialStore(db, CredentialVault.open(dir.resolve("credentials.key")), java.time.Clock.systemUTC())
                    .credentials(user, site).get("secret_access_key");
        }
    }

    Path config() {
        try {
            return Files.writeString(dir.resolve("phantom.yaml"), CONFIG);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
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
        Result set = phantomWithInput("TOPSECRETVALUE\n", "credentials", "set", "alice", "aws", "access_key_id=AKIAEXAMPLE",
                "secret_access_key");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).contains("stored access_key_id, secret_access_key for alice on aws").doesNotContain("TOPSECRET");
        assertThat(phantom("credentials", "list").out()).contains("alice\taws\taccess_key_id,secret_access_key").doesNotContain("TOPSECRET");
        assertThat(phantom("credentials", "set", "bob", "aws", "a=b").err()).contains("no user named 'bob'");
        assertThat(phantom("credentials", "set", "alice", "nowhere", "a=b").err()).contains("not configured");
        assertThat(phantom("credentials", "set", "alice", "aws", "novalue").err())
                .contains("standard input ended before the value of novalue");
        assertThat(phantom("credentials", "set", "alice", "aws", "=x").err()).contains("is not NAME=VALUE");

        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            String sealed = db.read(tx -> tx.credentials().get("alice", "aws")).orElseThrow().sealed();
            assertThat(sealed).doesNotContain("TOPSECRET").doesNotContain("AKIAEXAMPLE");
            CloudCredentialStore store = new CloudCredentialStore(db, CredentialVault.open(dir.resolve("credentials.key")),
                    java.time.Clock.systemUTC());
            assertThat(store.credentials("alice", "aws").get("secret_access_key")).isEqualTo("TOPSECRETVALUE");
            assertThat(store.credentials("alice", "chameleon").isEmpty()).isTrue();
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("credentials.key")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
        assertThat(phantom("credentials", "remove", "alice", "aws").code()).isZero();
        assertThat(phantom("credentials", "list").out()).isEmpty();
    }

    @Test
    void a_misspelled_credential_name_is_refused_when_set_with_the_known_names_and_nothing_is_stored() {
        phantom("user", "add", "admin");
        Result r = phantomWithInput("usrname=a\npassword=p\nproject_name=x\n", "credentials", "set", "admin", "chameleon", "--stdin");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("unknown openstack credential name 'usrname' (did you mean 'username'?)")
                .contains("application_credential_id").contains("project_domain_name").contains("username")
                .doesNotContain("password=p");
        assertThat(phantom("credentials", "list").out()).isEmpty();
    }

    @Test
    void credentials_that_a_launch_could_not_use_are_refused_when_set() {
        phantom("user", "add", "admin");
        Result partial = phantom("credentials", "set", "admin", "aws", "access_key_id=AKIAEXAMPLE");
        assertThat(partial.code()).isNotZero();
        assertThat(partial.err()).contains("secret_access_key").contains("Nothing was stored");
        Result both = phantomWithInput("username=a\npassword=p\nproject_name=x\napplication_credential_id=i\napplication_credential_secret=s\n",
                "credentials", "set", "admin", "chameleon", "--stdin");
        assertThat(both.code()).isNotZero();
        assertThat(both.err()).contains("set only one of the two");
        Result sim = phantomWithInput("access_key_id=AKIAEXAMPLE\nsecret_access_key=S\n", "credentials", "set", "admin", "hotel", "--stdin");
        assertThat(sim.err()).contains("site hotel (driver sim) takes no credentials");
        assertThat(phantom("credentials", "list").out()).isEmpty();

        assertThat(phantomWithInput("application_credential_id=i\napplication_credential_secret=s\n", "credentials", "set", "admin",
                "chameleon", "--stdin").code()).isZero();
        assertThat(phantom("credentials", "list").out()).contains("admin\tchameleon\tapplication_credential_id,application_credential_secret");
    }

    @Test
    void a_misspelled_site_gets_a_did_you_mean() {
        phantom("user", "add", "admin");
        assertThat(phantom("credentials", "set", "admin", "chamelon", "username=a").err())
                .contains("site 'chamelon' is not configured; sites: hotel, aws, chameleon; did you mean 'chameleon'?");
    }
}
