package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Phantom as a separate process, used as an operator would: first start (admin created), an API
 * user added, a cloud credential set, a restart. Then every byte of every file under the data
 * directory is searched for each secret, in the encodings a store might use, and every mode is
 * checked: the directory tree 0700, every file 0600.
 */
class SecretsAtRestTest {
    @TempDir
    Path dir;

    @Test
    void no_file_in_the_data_directory_reveals_a_secret_and_none_is_readable_by_others() throws Exception {
        Path config = Files.writeString(dir.resolve("phantom.yaml"), """
                sites:
                  hotel:
                    driver: sim
                  aws:
                    driver: ec2
                    region: us-east-1
                    endpoint: http://127.0.0.1:9
                """);
        Path data = dir.resolve("data");
        // an existing data directory that others can read (made by an older Phantom, or by hand)
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        String cloudKeyId = "AKIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        String cloudSecret = "cloud/" + UUID.randomUUID() + "+Secret";
        Map<String, String> secrets = new LinkedHashMap<>();
        String serverOutput;
        Path adminKeys = data.resolve(DataDir.ADMIN_KEYS);
        try (PhantomProcess phantom = new PhantomProcess(config, data)) {
            phantom.start();
            Eventually.await("the start-up banner", () -> output(phantom), l -> l.contains("Phantom is serving"));
            assertThat(adminKeys).as("first start, output not a terminal: admin keys in a file").exists();
            String admin = Files.readString(adminKeys);
            secrets.put("admin's API secret", RunningPhantom.value(admin, "aws_secret_access_key"));
            assertThat(phantom.output()).contains("created user 'admin'", adminKeys.toString())
                    .contains("data directory " + data + " was rwxr-xr-x; made it rwx------");

            String alice = phantom.run("user", "add", "alice");
            secrets.put("alice's API secret", RunningPhantom.value(alice, "aws_secret_access_key"));
            // the secret named alone: read from standard input, never from the command line
            String set = phantom.runWithInput(cloudSecret + "\n", "credentials", "set", "alice", "aws",
                    "access_key_id=" + cloudKeyId, "secret_access_key");
            assertThat(set).contains("stored access_key_id, secret_access_key for alice on aws (encrypted)");
            secrets.put("alice's cloud secret", cloudSecret);
            secrets.put("alice's cloud key id (sealed with the secret)", cloudKeyId);

            assertThat(CrashRecoveryTest.client(phantom, admin).describeAutoScalingGroups().autoScalingGroups()).isEmpty();
            var aliceClient = CrashRecoveryTest.client(phantom, alice);
            aliceClient.createLaunchConfiguration(r -> r.launchConfigurationName("web@hotel").imageId("ami-1").instanceType("m1.small"));
            aliceClient.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web").minSize(1).maxSize(1)
                    .tags(GroupApiTest.tag("clouds", "hotel:1")));
            Eventually.await("a VM in the sim cloud (its state file written)", () -> CrashRecoveryTest.liveVms(data).size(), n -> n == 1);
            assertPrivate(data, "while serving");

            phantom.kill();
            phantom.start(); // the sealed secrets open with the same key file after a restart
            Eventually.await("the second banner", () -> output(phantom), l -> l.split("Phantom is serving", -1).length == 3);
            assertThat(CrashRecoveryTest.client(phantom, alice).describeAutoScalingGroups().autoScalingGroups()).hasSize(1);
            assertThat(phantom.output()).as("the second start makes no admin").containsOnlyOnce("created user 'admin'");
            serverOutput = phantom.output();
        }
        assertPrivate(data, "after it stopped");

        List<Path> files = files(data);
        assertThat(files).extracting(p -> data.relativize(p).toString()).contains("credentials.key", "serve.lock",
                DataDir.ADMIN_KEYS, "sim/hotel.state").anyMatch(p -> p.startsWith("phantom."));
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            List<Path> holding = new ArrayList<>();
            for (Path f : files) {
                if (reveals(Files.readAllBytes(f), secret.getValue())) holding.add(data.relativize(f));
            }
            if (secret.getKey().startsWith("admin")) {
                assertThat(holding).as(secret.getKey() + ": only in the owner-only keys file of the first start")
                        .containsExactly(Path.of(DataDir.ADMIN_KEYS));
            } else {
                assertThat(holding).as(secret.getKey() + " in the data directory").isEmpty();
            }
            // what serve printed (stdout and stderr: what a service log keeps) reveals no secret either
            assertThat(reveals(serverOutput.getBytes(java.nio.charset.StandardCharsets.UTF_8), secret.getValue()))
                    .as(secret.getKey() + " in the server's output").isFalse();
        }
    }

    /**
     * The data directory and Phantom's directories in it are 0700, its files 0600, and it holds
     * nothing that is not Phantom's (the harness keeps the server's output beside it).
     */
    static void assertPrivate(Path data, String when) throws IOException {
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (!p.equals(data) && !DataDir.isPhantoms(data.relativize(p))) {
                    throw new AssertionError(when + ": " + p + " is in the data directory but is not Phantom's");
                }
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                assertThat(mode).as(when + ": mode of " + p).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }

    static String output(PhantomProcess phantom) {
        try {
            return phantom.output();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Path> files(Path data) throws IOException {
        try (Stream<Path> all = Files.walk(data)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    /** True if {@code bytes} hold {@code secret} as UTF-8, UTF-16 (either order), hex, or base64 at any alignment. */
    static boolean reveals(byte[] bytes, String secret) {
        List<byte[]> forms = new ArrayList<>();
        forms.add(secret.getBytes(StandardCharsets.UTF_8));
        forms.add(secret.getBytes(StandardCharsets.UTF_16LE));
        forms.add(secret.getBytes(StandardCharsets.UTF_16BE));
        forms.add(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII));
        for (int shift = 0; shift < 3; shift++) {
            // the part of the base64 text that depends only on the secret, wherever it sits in a larger value
            String encoded = Base64.getEncoder().encodeToString(("xx".substring(0, shift) + secret).getBytes(StandardCharsets.UTF_8));
            String core = encoded.substring(shift == 0 ? 0 : shift + 1, encoded.length() - 4);
            forms.add(core.getBytes(StandardCharsets.US_ASCII));
            forms.add(core.replace('+', '-').replace('/', '_').getBytes(StandardCharsets.US_ASCII));
        }
        return forms.stream().anyMatch(f -> indexOf(bytes, f) >= 0);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
