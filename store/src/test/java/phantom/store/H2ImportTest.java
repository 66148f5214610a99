package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static phantom.store.Examples.T0;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.ScalingActivity;
import phantom.core.model.SiteHealth;
import phantom.core.model.User;

/**
 * A data directory of Phantom 0.1 holds an H2 {@code phantom.mv.db}; the first start imports it
 * whole, so users keep their keys and running VMs keep their rows.
 */
class H2ImportTest {
    @TempDir
    Path dir;

    /** What Phantom 0.1 left behind: one of everything, written as 0.1 wrote it (H2, the PostgreSQL migrations). */
    private record Old(String installation, User user, LaunchConfiguration lc, Group group, Instance instance,
            ScalingActivity activity, SiteHealth health, CloudCredentialRows.Row credentials, long deletedGroupId) {}

    private Old writePhantom01Database() {
        DatabaseConfig h2 = new DatabaseConfig(H2Import.h2Url(dir.resolve("phantom.mv.db")).replace(";IFEXISTS=TRUE", ""), "phantom", "");
        try (Database old = Database.openAtVersion(h2, "3")) { // 0.1's schema: V1 to V3
            return old.transaction(tx -> {
                String installation = tx.installation().id(T0);
                User user = Examples.user("alice");
                tx.users().insert(user);
                LaunchConfiguration lc = Examples.launchConfiguration("alice", "web@hotel");
                tx.launchConfigurations().insert(lc);
                long gone = OldGroupRows.insert(tx, Examples.group("alice", "gone"), Examples.group("alice", "gone").tags());
                OldGroupRows.delete(tx, gone);
                Group web = Examples.group("alice", "web");
                Group group = web.toBuilder().id(OldGroupRows.insert(tx, web, web.tags())).version(1).build();
                Instance instance = Examples.instance("i-1", group.id(), T0);
                tx.instances().insert(instance);
                ScalingActivity activity = Examples.activity("a-1", group.id(), "alice", "web", T0);
                tx.activities().insert(activity);
                SiteHealth health = Examples.siteHealth(group.id(), "hotel");
                tx.siteHealth().put(health);
                var row = new CloudCredentialRows.Row("alice", "hotel", "sealed-bytes", List.of("access_key_id", "secret_access_key"), T0);
                tx.credentials().put(row);
                return new Old(installation, user, lc, group, instance, activity, health, row, gone);
            });
        }
    }

    @Test
    void aNewGroupNeverGetsTheIdOfADeletedGroupWhoseRowsWereImported() {
        DatabaseConfig h2 = new DatabaseConfig(H2Import.h2Url(dir.resolve("phantom.mv.db")).replace(";IFEXISTS=TRUE", ""), "phantom", "");
        long gone;
        try (Database old = Database.openAtVersion(h2, "3")) { // 0.1's schema: V1 to V3
            gone = old.transaction(tx -> {
                OldGroupRows.insert(tx, Examples.group("alice", "web"), List.of());
                long id = OldGroupRows.insert(tx, Examples.group("alice", "gone"), List.of()); // the highest id, then deleted
                tx.instances().insert(Examples.instance("i-gone", id, T0));
                tx.activities().insert(Examples.activity("a-gone", id, "alice", "gone", T0));
                OldGroupRows.delete(tx, id);
                return id;
            });
        }
        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            long next = db.transaction(tx -> tx.groups().insert(Examples.group("alice", "new")).id());
            assertThat(next).as("the deleted group's instance row and activity keep its id").isGreaterThan(gone);
            assertThat(db.read((Tx tx) -> tx.instances().forGroup(next))).isEmpty();
        }
    }

    @Test
    void theFirstStartImportsEveryRowAndKeepsTheOldFileForTheOwnerOnly() throws Exception {
        Old old = writePhantom01Database();
        assertThatThrownBy(() -> Database.openExisting(DatabaseConfig.embedded(dir))).isInstanceOf(NoDatabase.class)
                .hasMessageContaining("phantom.mv.db").hasMessageContaining("phantom serve");

        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            db.read(tx -> {
                assertThat(tx.installation().id(T0.plusSeconds(99))).isEqualTo(old.installation());
                assertThat(tx.users().all()).containsExactly(old.user());
                assertThat(tx.launchConfigurations().list("alice")).containsExactly(old.lc());
                assertThat(tx.groups().all()).containsExactly(old.group());
                assertThat(tx.instances().all()).containsExactly(old.instance());
                assertThat(tx.activities().list("alice", null)).containsExactly(old.activity());
                assertThat(tx.siteHealth().forGroup(old.group().id())).isEqualTo(Map.of("hotel", old.health()));
                assertThat(tx.credentials().all()).containsExactly(old.credentials());
                return null;
            });
            long next = db.transaction(tx -> tx.groups().insert(Examples.group("alice", "new")).id());
            assertThat(next).as("ids go on after the imported ones, the deleted group's too")
                    .isGreaterThan(old.group().id()).isGreaterThan(old.deletedGroupId());
        }
        assertThat(dir.resolve("phantom.mv.db")).doesNotExist();
        Path kept = dir.resolve("phantom.mv.db.imported");
        assertThat(Files.getPosixFilePermissions(kept)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        try (Database again = Database.open(DatabaseConfig.embedded(dir))) {
            assertThat(again.read((Tx tx) -> tx.users().all())).hasSize(1);
            assertThat(again.read((Tx tx) -> tx.groups().all())).hasSize(2);
        }
    }

    @Test
    void anH2FileBesideAnSqliteFileWithDataIsRefusedAndNothingChanges() throws Exception {
        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            db.transaction(tx -> {
                tx.users().insert(Examples.user("bob"));
                return null;
            });
        }
        writePhantom01Database();

        assertThatThrownBy(() -> Database.open(DatabaseConfig.embedded(dir))).isInstanceOf(StoreException.class)
                .hasMessageContaining("phantom.mv.db").hasMessageContaining("already holds data");
        assertThat(dir.resolve("phantom.mv.db")).exists();
        try (Database db = Database.openExisting(DatabaseConfig.embedded(dir))) {
            assertThat(db.read((Tx tx) -> tx.users().all())).extracting(User::name).containsExactly("bob");
        }
    }
}
