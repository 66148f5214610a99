package phantom.driver.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import phantom.core.ManualClock;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import phantom.core.driver.LaunchSpec;

/** The journal: torn tails, compaction (with a reader reading meanwhile), the upgrade from 0.2, ids per data directory. */
class SimJournalTest {
    private static final CloudCredentials NONE = CloudCredentials.NONE;
    private static final int COMPACTION_MINIMUM = SimSite.compactionMinimum;

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock();

    @AfterEach
    void restoreCompaction() {
        SimSite.compactionMinimum = COMPACTION_MINIMUM;
    }

    private CloudDriver hotel(Path dir) {
        return new SimDriverFactory().create("hotel", Map.of("capacity", -1), dir, clock);
    }

    private CloudDriver hotel() {
        return hotel(dataDir);
    }

    private Path file() {
        return SimCloud.stateFile(dataDir, "hotel");
    }

    private void restart() {
        SimSite.closeForTests(file());
    }

    private static LaunchSpec spec(String token) {
        return new LaunchSpec(token, "group-1", "alice", "web", "ami-sim", "m1.small", null, List.of(), null, Map.of());
    }

    private List<String> launch(CloudDriver driver, String prefix, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(driver.launch(spec(prefix + i), NONE).cloudId());
        }
        return ids;
    }

    /** Cutting the journal anywhere inside its last record loses that record only, and the next write goes on from there. */
    @ParameterizedTest
    @ValueSource(ints = {1, 4, 8, 9, 20, 100})
    void a_torn_last_record_is_ignored_and_cut_off(int bytesCut) throws Exception {
        List<String> ids = launch(hotel(), "ph-", 3);
        Path journal = Journal.file(file(), 1);
        byte[] bytes = Files.readAllBytes(journal);
        int lastRecord = bytes.length / 3; // three launch records of one size
        assertThat(bytes.length % 3).isZero();
        Files.write(journal, java.util.Arrays.copyOf(bytes, bytes.length - Math.min(bytesCut, lastRecord - 1)));
        restart();

        assertThat(SimCloud.open(dataDir, "hotel").all()).extracting(SimVm::cloudId).containsExactly(ids.get(0), ids.get(1));
        CloudDriver restarted = hotel();
        assertThat(restarted.list(NONE)).extracting(CloudInstance::cloudId).containsExactly(ids.get(0), ids.get(1));
        String fourth = restarted.launch(spec("ph-x"), NONE).cloudId();
        assertThat(Files.size(journal)).isEqualTo(bytes.length);
        restart();
        assertThat(SimCloud.open(dataDir, "hotel").all()).extracting(SimVm::cloudId)
                .containsExactly(ids.get(0), ids.get(1), fourth);
    }

    @Test
    void a_last_record_whose_checksum_fails_is_ignored() throws Exception {
        List<String> ids = launch(hotel(), "ph-", 2);
        Path journal = Journal.file(file(), 1);
        byte[] bytes = Files.readAllBytes(journal);
        bytes[bytes.length - 3] ^= 0x01; // one bit of the last record's payload
        Files.write(journal, bytes);
        restart();
        assertThat(SimCloud.open(dataDir, "hotel").all()).extracting(SimVm::cloudId).containsExactly(ids.get(0));
        hotel().launch(spec("ph-1"), NONE);
        assertThat(SimCloud.open(dataDir, "hotel").all()).extracting(SimVm::token).containsExactly("ph-0", "ph-1");
    }

    @Test
    void compaction_writes_a_new_generation_and_loses_nothing() throws Exception {
        SimSite.compactionMinimum = 50;
        CloudDriver driver = hotel();
        List<String> ids = launch(driver, "ph-", 120);
        for (int i = 0; i < 120; i += 2) {
            driver.terminate(ids.get(i), NONE);
        }
        Snapshot snapshot = SimCloud.load(file(), "hotel").snapshot();
        assertThat(snapshot.generation()).as("compacted at least once").isGreaterThan(1);
        try (var files = Files.list(file().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("hotel.state", "hotel.journal-" + snapshot.generation());
        }
        List<SimVm> before = SimCloud.open(dataDir, "hotel").all();
        assertThat(before).hasSize(120).extracting(SimVm::cloudId).containsExactlyElementsOf(ids);
        assertThat(before.stream().filter(SimVm::live)).hasSize(60);
        restart();
        assertThat(hotel().list(NONE).stream().filter(i -> i.state() != CloudState.TERMINATED)).hasSize(60);
        assertThat(hotel().launch(spec("ph-7"), NONE).cloudId()).isEqualTo(ids.get(7));
        assertThat(SimCloud.load(file(), "hotel").snapshot().salt()).isEqualTo(snapshot.salt());
    }

    @Test
    void compaction_drops_vms_forgotten_a_day_after_termination() throws Exception {
        SimSite.compactionMinimum = 10;
        CloudDriver driver = hotel();
        List<String> ids = launch(driver, "old-", 5);
        for (String id : ids) {
            driver.terminate(id, NONE);
        }
        clock.advance(SimState.TERMINATED_KEPT);
        launch(driver, "new-", 30);
        assertThat(SimCloud.open(dataDir, "hotel").all()).extracting(SimVm::token).noneMatch(t -> t.startsWith("old-"))
                .hasSize(30);
    }

    /** A reader in another process reads the files while the driver compacts them again and again. */
    @Test
    void a_reader_never_misses_a_change_while_the_site_compacts() throws Exception {
        SimSite.compactionMinimum = 20;
        CloudDriver driver = hotel();
        AtomicInteger returned = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = Thread.ofPlatform().start(() -> {
            SimCloud cloud = SimCloud.open(dataDir, "hotel");
            try {
                while (returned.get() < 1500) {
                    int atLeast = returned.get();
                    int seen = cloud.all().size();
                    if (seen < atLeast) {
                        throw new AssertionError("read " + seen + " VMs after " + atLeast + " launches had returned");
                    }
                    reads.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        for (int i = 0; i < 1500 && failure.get() == null; i++) {
            driver.launch(spec("ph-" + i), NONE);
            returned.incrementAndGet();
        }
        reader.join();
        assertThat(failure.get()).isNull();
        assertThat(reads.get()).isGreaterThan(10);
        assertThat(SimCloud.load(file(), "hotel").snapshot().generation()).as("compactions").isGreaterThan(5);
    }

    /** A data directory of Phantom 0.1/0.2 holds one {@code <site>.state} of format 1; its VMs survive the upgrade. */
    @Test
    void a_state_file_of_phantom_0_2_is_carried_into_the_journal_format() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), """
                phantom-sim-state 1
                site\thotel
                launches\t3
                vm\ti-0a1b2c3d4e5f60718\tph-old-1\tgroup-1\talice\tweb\tami-sim\tm1.small\t2026-11-20T10:00:00Z\t2026-11-20T10:00:05Z\t\\N\t\\N
                vm\ti-0a1b2c3d4e5f60719\tph-old-2\tgroup-1\talice\tweb\tami-sim\tm1.small\t2026-11-20T10:00:01Z\t2026-11-20T10:00:06Z\t\\N\t2026-11-20T11:00:00Z
                vm\ti-0a1b2c3d4e5f6071a\tph-old-3\tgroup-2\tbob\tdb\tami-sim\tm1.large\t2026-11-20T10:00:02Z\t2026-11-20T10:00:07Z\t2026-11-20T12:00:00Z\t\\N
                end\t3
                """);
        assertThat(SimCloud.open(dataDir, "hotel").live()).extracting(SimVm::token).containsExactly("ph-old-1", "ph-old-3");
        clock.set(java.time.Instant.parse("2026-11-20T13:00:00Z"));

        CloudDriver driver = new SimDriverFactory().create("hotel", Map.of("capacity", 3), dataDir, clock);
        assertThat(driver.list(NONE)).extracting(CloudInstance::cloudId, CloudInstance::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("i-0a1b2c3d4e5f60718", CloudState.RUNNING),
                org.assertj.core.groups.Tuple.tuple("i-0a1b2c3d4e5f6071a", CloudState.FAILED));
        assertThat(Files.readString(file())).startsWith(StateFile.HEADER + "\n");
        assertThat(Journal.file(file(), 1)).exists();
        assertThat(driver.launch(spec("ph-old-1"), NONE).cloudId()).isEqualTo("i-0a1b2c3d4e5f60718");
        String fresh = driver.launch(spec("ph-new"), NONE).cloudId();
        assertThat(fresh).matches("i-[0-9a-f]{17}").isNotIn("i-0a1b2c3d4e5f60718", "i-0a1b2c3d4e5f60719", "i-0a1b2c3d4e5f6071a");
        assertThatCapacityIsFull(driver);

        restart();
        assertThat(SimCloud.open(dataDir, "hotel").all()).extracting(SimVm::token)
                .containsExactly("ph-old-1", "ph-old-2", "ph-old-3", "ph-new");
        SimCloud.Loaded files = SimCloud.load(file(), "hotel");
        SimState state = SimState.of(files.snapshot());
        files.journal().records().forEach(state::apply);
        assertThat(state.launches()).as("rolls, the old file's included").isEqualTo(4);
    }

    private static void assertThatCapacityIsFull(CloudDriver driver) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> driver.launch(spec("ph-more"), NONE))
                .isInstanceOfSatisfying(phantom.core.driver.CloudFault.class,
                        f -> assertThat(f.code()).isEqualTo("InsufficientInstanceCapacity"));
    }

    /** A journal write that fails fails the call, and the site then trusts its files, not the memory disk does not hold. */
    @Test
    void a_failed_write_fails_the_launch_and_the_site_is_read_again_from_its_files() throws Exception {
        CloudDriver driver = hotel();
        String kept = driver.launch(spec("ph-kept"), NONE).cloudId();
        Path journal = Journal.file(file(), 1);
        Path aside = journal.resolveSibling("aside");
        Files.move(journal, aside);
        Files.createDirectory(journal); // even root cannot append to a directory
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> driver.launch(spec("ph-lost"), NONE))
                .isInstanceOfSatisfying(phantom.core.driver.CloudFault.class,
                        f -> assertThat(f.faultClass()).isEqualTo(phantom.core.driver.FaultClass.TRANSIENT));
        Files.delete(journal);
        Files.move(aside, journal);

        assertThat(driver.list(NONE)).extracting(CloudInstance::cloudId).containsExactly(kept);
        driver.launch(spec("ph-next"), NONE);
        assertThat(SimCloud.open(dataDir, "hotel").all()).extracting(SimVm::token).containsExactly("ph-kept", "ph-next");
    }

    /** Two installations whose sites share a name and a seed (today's defaults) still hand out different ids. */
    @Test
    void two_data_directories_never_hand_out_the_same_ids() throws Exception {
        Path other = dataDir.resolve("other");
        List<String> here = launch(hotel(dataDir.resolve("one")), "ph-", 200);
        List<String> there = launch(hotel(other), "ph-", 200);
        Set<String> all = new HashSet<>(here);
        all.addAll(there);
        assertThat(all).hasSize(400);
        assertThat(SimCloud.load(SimCloud.stateFile(other, "hotel"), "hotel").snapshot().salt())
                .isNotEqualTo(SimCloud.load(SimCloud.stateFile(dataDir.resolve("one"), "hotel"), "hotel").snapshot().salt());
    }
}
