package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static phantom.store.Examples.T0;
import static phantom.store.Examples.user;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.model.User;

/** The embedded SQLite file: its settings, its permissions, and commands that must not make one. */
class EmbeddedStoreTest {
    @TempDir
    Path dir;

    @Test
    void everyConnectionFsyncsItsCommitsToTheWalAndEnforcesForeignKeys() {
        try (Database db = TestDatabases.embedded(dir)) {
            for (int i = 0; i < 3; i++) { // writer and readers alike
                assertThat(pragma(db, "journal_mode")).isEqualTo("wal");
                assertThat(pragma(db, "synchronous")).as("FULL").isEqualTo("2");
                assertThat(pragma(db, "foreign_keys")).isEqualTo("1");
            }
            assertThat(writerPragma(db, "auto_vacuum")).as("INCREMENTAL").isEqualTo("2");
            assertThat(db.transaction((Tx tx) -> tx.sql().first("PRAGMA synchronous", rs -> rs.getString(1)))).contains("2");
            assertThat(db.describe()).isEqualTo("embedded SQLite " + dir.toAbsolutePath().resolve("phantom.db"));
        }
    }

    @Test
    void theDataDirectoryAndEveryDatabaseFileAreTheOwnersOnly() throws Exception {
        Path data = dir.resolve("data");
        try (Database db = TestDatabases.embedded(data)) {
            db.transaction(tx -> {
                tx.users().insert(user("alice"));
                return null;
            });
            assertThat(Files.getPosixFilePermissions(data)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            List<Path> files = List.of(data.resolve("phantom.db"), data.resolve("phantom.db-wal"), data.resolve("phantom.db-shm"));
            for (Path f : files) {
                assertThat(f).exists();
                assertThat(Files.getPosixFilePermissions(f)).as(f.toString()).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    @Test
    void readsDoNotWrite() {
        try (Database db = TestDatabases.embedded(dir)) {
            assertThatThrownBy(() -> db.read(tx -> tx.sql().update("DELETE FROM users")))
                    .isInstanceOf(IllegalStateException.class);
            // and the reading connections refuse writes themselves
            assertThatThrownBy(() -> db.read(tx -> tx.sql().first("DELETE FROM users RETURNING name", rs -> rs.getString(1))))
                    .isInstanceOf(StoreException.class).hasMessageContaining("readonly");
        }
    }

    @Test
    void aTransactionInsideATransactionIsRefusedRatherThanWaitingForever() {
        try (Database db = TestDatabases.embedded(dir)) {
            assertThatThrownBy(() -> db.transaction(outer -> db.transaction(inner -> inner.users().all())))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("inside");
            assertThat(db.transaction((Tx tx) -> tx.users().all())).isEmpty(); // the writer is free again
        }
    }

    @Test
    void openExistingNeverMakesADatabaseAndSaysWhereItLooked() {
        Path missing = dir.resolve("nowhere");

        assertThatThrownBy(() -> Database.openExisting(DatabaseConfig.embedded(missing))).isInstanceOf(NoDatabase.class)
                .hasMessageContaining(missing.resolve("phantom.db").toString()).hasMessageContaining("does not exist");
        assertThat(missing).doesNotExist();
        assertThatThrownBy(() -> Database.openExisting(DatabaseConfig.embedded(dir))).isInstanceOf(NoDatabase.class)
                .hasMessageContaining(dir.resolve("phantom.db").toString()).hasMessageNotContaining("does not exist");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void openExistingOpensWhatServeMade() {
        try (Database db = TestDatabases.embedded(dir)) {
            db.transaction(tx -> {
                tx.users().insert(user("alice"));
                return null;
            });
        }
        try (Database db = Database.openExisting(DatabaseConfig.embedded(dir))) {
            assertThat(db.read((Tx tx) -> tx.users().all())).extracting(User::name).containsExactly("alice");
        }
    }

    @Test
    void openExistingRefusesAnEmptyPostgresqlSchema() {
        DatabaseConfig empty = TestDatabases.postgresConfig();

        assertThatThrownBy(() -> Database.openExisting(empty)).isInstanceOf(NoDatabase.class)
                .hasMessageContaining(empty.url()).hasMessageContaining("phantom serve");
        try (Database db = Database.open(empty)) {
            db.transaction(tx -> {
                tx.users().insert(user("alice"));
                return null;
            });
        }
        try (Database db = Database.openExisting(empty)) {
            assertThat(db.read((Tx tx) -> tx.users().all())).hasSize(1);
        }
    }

    @Test
    void housekeepingDropsActivitiesOlderThanSixWeeksAndGivesFreePagesBack() throws Exception {
        try (Database db = TestDatabases.embedded(dir)) {
            long group = db.transaction(tx -> tx.groups().insert(Examples.group("alice", "web")).id());
            String big = "x".repeat(4000);
            db.transaction(tx -> {
                for (int i = 0; i < 2000; i++) {
                    var a = Examples.activity("old-" + i, group, "alice", "web", T0);
                    tx.activities().insert(new phantom.core.model.ScalingActivity(a.id(), a.groupId(), a.owner(), a.groupName(),
                            big, a.cause(), a.startTime(), a.endTime(), a.status(), a.statusMessage(), a.progress(), a.details()));
                }
                tx.activities().insert(Examples.activity("recent", group, "alice", "web", T0.plus(Duration.ofDays(41))));
                return null;
            });
            db.compact();
            long full = Files.size(dir.resolve("phantom.db"));
            var clock = Clock.fixed(T0.plus(Housekeeping.KEEP_ACTIVITIES).plus(Duration.ofDays(1)), ZoneOffset.UTC);

            int deleted = new Housekeeping(db, clock).once();

            assertThat(deleted).isEqualTo(2000);
            assertThat(db.read((Tx tx) -> tx.activities().list("alice", null))).extracting(a -> a.id()).containsExactly("recent");
            assertThat(writerPragma(db, "freelist_count")).isEqualTo("0");
            assertThat(Files.size(dir.resolve("phantom.db"))).isLessThan(full / 4);
            assertThat(Files.size(dir.resolve("phantom.db-wal"))).isZero();
        }
    }

    /** A database-wide setting, read on the writing connection (a reading one may show it as of its last read). */
    private static String writerPragma(Database db, String name) {
        return db.transaction(tx -> tx.sql().first("PRAGMA " + name, rs -> rs.getString(1))).orElseThrow();
    }

    /** A per-connection setting, read on a reading connection. */
    private static String pragma(Database db, String name) {
        return db.read(tx -> tx.sql().first("PRAGMA " + name, rs -> rs.getString(1))).orElseThrow();
    }
}
