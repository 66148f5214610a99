package phantom.driver.sim;

import phantom.core.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchSpec;

/**
 * A sim site's state on disk: survives restarts (this JVM forgetting its copy of the site, then new
 * drivers reading the files), crashes mid-write and odd strings.
 */
class SimStatePersistenceTest {
    private static final CloudCredentials NONE = CloudCredentials.NONE;

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock();

    private CloudDriver hotel() {
        return new SimDriverFactory().create("hotel", Map.of("capacity", 10), dataDir, clock);
    }

    /** What a restart of Phantom does to the site: the next driver call reads its files afresh. */
    private void restart() {
        SimSite.closeForTests(SimCloud.stateFile(dataDir, "hotel"));
    }

    private static LaunchSpec spec(String token, String instanceType) {
        return new LaunchSpec(token, "group-" + token, "alice", "web", "ami-sim", instanceType, null, List.of(), null,
                Map.of());
    }

    @Test
    void a_new_driver_on_the_same_directory_sees_the_vms_of_the_old_one() throws Exception {
        CloudDriver before = hotel();
        CloudInstance a = before.launch(spec("ph-a", "m1.small"), NONE);
        CloudInstance b = before.launch(spec("ph-b", "m1.large"), NONE);
        CloudInstance c = before.launch(spec("ph-c", "m1.small"), NONE);
        before.terminate(b.cloudId(), NONE);
        clock.advance(Duration.ofMinutes(1));
        restart();

        CloudDriver after = hotel();

        assertThat(after.list(NONE)).containsExactly(
                new CloudInstance(a.cloudId(), "ph-a", "group-ph-a", CloudState.RUNNING, "m1.small", a.launchTime()),
                new CloudInstance(b.cloudId(), "ph-b", "group-ph-b", CloudState.TERMINATED, "m1.large", b.launchTime()),
                new CloudInstance(c.cloudId(), "ph-c", "group-ph-c", CloudState.RUNNING, "m1.small", c.launchTime()));
        assertThat(after.launch(spec("ph-a", "m1.small"), NONE).cloudId()).isEqualTo(a.cloudId());
        CloudInstance d = after.launch(spec("ph-d", "m1.small"), NONE);
        assertThat(d.cloudId()).isNotIn(a.cloudId(), b.cloudId(), c.cloudId());

        assertThat(SimCloud.open(dataDir, "hotel").all())
                .extracting(SimVm::token).containsExactly("ph-a", "ph-b", "ph-c", "ph-d");
        assertThat(SimCloud.open(dataDir, "hotel").live())
                .extracting(SimVm::token).containsExactly("ph-a", "ph-c", "ph-d");
    }

    @Test
    void ids_stay_unique_across_many_restarts() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            CloudDriver driver = new SimDriverFactory().create("hotel", Map.of("capacity", -1), dataDir, clock);
            ids.add(driver.launch(spec("ph-" + i, "m1.small"), NONE).cloudId());
            restart();
        }
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void the_state_is_on_disk_when_launch_and_terminate_return() throws Exception {
        CloudDriver driver = hotel();
        Path file = SimCloud.stateFile(dataDir, "hotel");
        assertThat(file).doesNotExist();

        CloudInstance vm = driver.launch(spec("ph-a", "m1.small"), NONE);
        assertThat(file).exists();
        Path journal = Journal.file(file, 1);
        assertThat(journal.getFileName()).hasToString("hotel.journal-1");
        assertThat(new String(Files.readAllBytes(journal), StandardCharsets.ISO_8859_1)).contains(vm.cloudId()).contains("ph-a");
        assertThat(StateFile.temp(file)).doesNotExist();

        driver.terminate(vm.cloudId(), NONE);
        SimVm stored = SimCloud.open(dataDir, "hotel").all().get(0);
        assertThat(stored.terminatedAt()).isEqualTo(clock.instant());
        assertThat(stored.stateAt(clock.instant())).isEqualTo(CloudState.TERMINATED);
    }

    @Test
    void a_half_written_temp_file_left_by_a_crash_changes_nothing() throws Exception {
        CloudDriver driver = hotel();
        CloudInstance vm = driver.launch(spec("ph-a", "m1.small"), NONE);
        Path file = SimCloud.stateFile(dataDir, "hotel");
        String before = Files.readString(file);
        // a crash while a compaction writes the next snapshot leaves this behind
        // (longer than what the next write puts there, so stale bytes would show if the temp were not truncated)
        Files.writeString(StateFile.temp(file), before.substring(0, before.length() / 2) + "\u00ff\u0000garbage\n".repeat(500));
        restart();

        CloudDriver restarted = hotel();
        assertThat(restarted.list(NONE)).extracting(CloudInstance::cloudId).containsExactly(vm.cloudId());

        restarted.launch(spec("ph-b", "m1.small"), NONE);
        assertThat(SimCloud.open(dataDir, "hotel").all()).extracting(SimVm::token).containsExactly("ph-a", "ph-b");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void a_damaged_snapshot_is_reported_and_left_alone(int keptLines) throws Exception {
        CloudDriver driver = hotel();
        driver.launch(spec("ph-a", "m1.small"), NONE);
        driver.launch(spec("ph-b", "m1.small"), NONE);
        Path file = SimCloud.stateFile(dataDir, "hotel");
        // the snapshot of a site holding two VMs: the header, site, generation, salt, launches, 2 VMs, end
        SimSite.closeForTests(file);
        Snapshot first = SimCloud.load(file, "hotel").snapshot();
        Files.writeString(file, StateFile.format(new Snapshot("hotel", first.generation(), first.salt(), 2,
                SimCloud.open(dataDir, "hotel").all())));
        Files.write(Journal.file(file, 1), new byte[0]);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(8);
        List<String> damaged = keptLines < lines.size()
                ? lines.subList(0, keptLines)
                : Stream.concat(lines.stream(), Stream.of("vm\textra")).toList();
        Files.write(file, damaged);
        byte[] damagedBytes = Files.readAllBytes(file);

        CloudDriver restarted = hotel();
        assertThatThrownBy(() -> restarted.list(NONE)).isInstanceOfSatisfying(CloudFault.class, f -> {
            assertThat(f.faultClass()).isEqualTo(FaultClass.TRANSIENT);
            assertThat(f.getMessage()).contains("hotel").contains(file.toString()).contains("damaged at line");
        });
        assertThatThrownBy(() -> restarted.launch(spec("ph-c", "m1.small"), NONE)).isInstanceOf(CloudFault.class);
        assertThatThrownBy(() -> SimCloud.open(dataDir, "hotel").all()).isInstanceOf(UncheckedIOException.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(damagedBytes);
    }

    @Test
    void a_state_file_of_another_site_is_not_taken_for_this_one() throws Exception {
        new SimDriverFactory().create("sierra", Map.of(), dataDir, clock).launch(spec("ph-a", "m1.small"), NONE);
        Files.copy(SimCloud.stateFile(dataDir, "sierra"), SimCloud.stateFile(dataDir, "hotel"));
        Files.copy(Journal.file(SimCloud.stateFile(dataDir, "sierra"), 1), Journal.file(SimCloud.stateFile(dataDir, "hotel"), 1));
        assertThatThrownBy(() -> hotel().list(NONE))
                .isInstanceOfSatisfying(CloudFault.class, f -> assertThat(f.getMessage()).contains("sierra"));
    }

    @Test
    void sites_in_one_data_directory_are_independent() throws Exception {
        CloudDriver hotel = hotel();
        CloudDriver sierra = new SimDriverFactory().create("sierra", Map.of(), dataDir, clock);
        hotel.launch(spec("ph-a", "m1.small"), NONE);
        assertThat(sierra.list(NONE)).isEmpty();
        assertThat(sierra.launch(spec("ph-a", "m1.small"), NONE).cloudId())
                .isNotEqualTo(hotel.list(NONE).get(0).cloudId());
    }

    @Test
    void terminated_vms_are_listed_for_an_hour_and_forgotten_a_day_after_termination() throws Exception {
        CloudDriver driver = hotel();
        CloudInstance old = driver.launch(spec("ph-a", "m1.small"), NONE);
        driver.terminate(old.cloudId(), NONE);

        clock.advance(Duration.ofMinutes(59));
        assertThat(driver.list(NONE)).extracting(CloudInstance::state).containsExactly(CloudState.TERMINATED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(driver.list(NONE)).isEmpty();

        clock.advance(Duration.ofHours(22));
        driver.launch(spec("ph-b", "m1.small"), NONE);
        assertThat(driver.launch(spec("ph-a", "m1.small"), NONE).cloudId()).as("still remembered").isEqualTo(old.cloudId());
        assertThat(SimCloud.open(dataDir, "hotel").all()).extracting(SimVm::token).containsExactly("ph-a", "ph-b");

        clock.advance(Duration.ofHours(2));
        CloudInstance again = driver.launch(spec("ph-a", "m1.small"), NONE);
        assertThat(again.cloudId()).as("forgotten: the token starts a new VM").isNotEqualTo(old.cloudId());
        assertThat(again.state()).isEqualTo(CloudState.PENDING);
        restart(); // the files still hold the forgotten VM until a compaction; a restart forgets it again
        assertThat(hotel().launch(spec("ph-a", "m1.small"), NONE).cloudId()).isEqualTo(again.cloudId());
        assertThat(SimCloud.open(dataDir, "hotel").live()).extracting(SimVm::token).containsExactly("ph-b", "ph-a");
    }

    @Test
    void odd_strings_survive_a_restart() throws Exception {
        String type = "big\tfat\nflavor \\N \\t é \uD83D\uDE00 \u0000 \uDC00";
        hotel().launch(spec("ph-a", type), NONE);
        restart();
        assertThat(hotel().list(NONE)).extracting(CloudInstance::instanceType).containsExactly(type);
        assertThat(SimCloud.open(dataDir, "hotel").all()).extracting(SimVm::instanceType).containsExactly(type);
    }

    static Stream<Long> seeds() {
        return Stream.iterate(1L, s -> s + 1).limit(25);
    }

    /** Any strings, nulls included, round-trip through the file format. */
    @ParameterizedTest
    @MethodSource("seeds")
    void the_format_round_trips_random_strings(long seed) throws Exception {
        Random random = new Random(seed);
        List<SimVm> vms = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Instant t = Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
            vms.add(new SimVm(anyString(random), anyString(random), maybe(random), maybe(random), maybe(random),
                    maybe(random), maybe(random), t, t.plusMillis(random.nextInt(100_000)),
                    random.nextBoolean() ? null : t.plusSeconds(random.nextInt(1000)),
                    random.nextBoolean() ? null : t.plusNanos(random.nextLong(1, Long.MAX_VALUE / 4))));
        }
        String site = anyString(random);
        Snapshot state = new Snapshot(site, random.nextLong(1, Long.MAX_VALUE), random.nextLong(),
                random.nextLong(0, Long.MAX_VALUE), vms);

        String text = StateFile.format(state);

        assertThat(text).matches("[\\x20-\\x7e\\t\\n]*");
        assertThat(StateFile.parse(text.lines().toList(), Path.of("x"), site)).isEqualTo(state);

        List<JournalRecord> records = new ArrayList<>();
        java.io.ByteArrayOutputStream journal = new java.io.ByteArrayOutputStream();
        for (SimVm vm : vms) {
            records.add(new JournalRecord.Launched(vm));
            records.add(new JournalRecord.Terminated(vm.cloudId(), vm.launchTime()));
        }
        records.add(new JournalRecord.Rolled());
        for (JournalRecord r : records) {
            journal.writeBytes(Journal.encode(r));
        }
        assertThat(Journal.decode(journal.toByteArray(), Path.of("j")).records()).isEqualTo(records);
    }

    private static String maybe(Random random) {
        return random.nextInt(5) == 0 ? null : anyString(random);
    }

    private static String anyString(Random random) {
        String special = "\\\t\n\r N u 0";
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            s.append(switch (random.nextInt(3)) {
                case 0 -> special.charAt(random.nextInt(special.length()));
                case 1 -> (char) (0x20 + random.nextInt(0x5f));
                default -> (char) random.nextInt(0x10000);
            });
        }
        return s.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\", "\\x", "\\u12", "\\u+123", "\\uzzzz"})
    void malformed_escapes_are_rejected(String field) {
        assertThatThrownBy(() -> StateFile.unescape(field)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void any_site_name_is_a_safe_and_distinct_file_name() {
        Path sim = dataDir.toAbsolutePath().resolve("sim");
        List<String> names = List.of("hotel", "a/b", "a%2Fb", "..", ".", "hôtel", "x y", "A-b_9");
        List<Path> files = names.stream().map(n -> SimCloud.stateFile(dataDir, n)).toList();
        assertThat(files).allSatisfy(f -> assertThat(f.getParent()).isEqualTo(sim)).doesNotHaveDuplicates();
        assertThat(files.get(0).getFileName()).hasToString("hotel.state");
        assertThat(files.get(7).getFileName()).hasToString("A-b_9.state");
    }

    @Test
    void bytes_of_the_snapshot_are_ascii() throws Exception {
        hotel().launch(spec("ph-a", "m1.small"), NONE);
        String text = Files.readString(SimCloud.stateFile(dataDir, "hotel"), StandardCharsets.US_ASCII);
        assertThat(text).startsWith(StateFile.HEADER + "\nsite\thotel\ngeneration\t1\nsalt\t").endsWith("end\t0\n");
    }
}
