package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static phantom.store.Examples.T0;
import static phantom.store.Examples.group;
import static phantom.store.Examples.user;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import phantom.core.model.User;

class TransactionsTest extends DatabaseTest {
    @Test
    void workThatThrowsLeavesNothingWritten() {
        RuntimeException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> write(tx -> {
            tx.users().insert(user("alice"));
            long id = tx.groups().insert(group("alice", "web")).id();
            tx.siteHealth().put(Examples.siteHealth(id, "hotel"));
            tx.activities().insert(Examples.activity("a-1", id, "alice", "web", T0));
            tx.instances().insert(Examples.instance("p-1", id, T0));
            tx.launchConfigurations().insert(Examples.launchConfiguration("alice", "web@hotel"));
            throw boom;
        })).isSameAs(boom);

        db.read(tx -> {
            assertThat(tx.users().all()).isEmpty();
            assertThat(tx.groups().all()).isEmpty();
            assertThat(tx.instances().all()).isEmpty();
            assertThat(tx.activities().list("alice", null)).isEmpty();
            assertThat(tx.launchConfigurations().list("alice")).isEmpty();
            return null;
        });
    }

    @Test
    void aFailedStatementInTheMiddleRollsBackTheEarlierOnes() {
        write(tx -> tx.users().insert(user("bob")));

        assertThatThrownBy(() -> write(tx -> {
            tx.users().insert(user("alice"));
            tx.siteHealth().put(Examples.siteHealth(12345, "hotel")); // no such group
        })).isInstanceOf(StoreException.class);
        assertThat(db.read((Tx tx) -> tx.users().all())).extracting(User::name).containsExactly("bob");
    }

    @Test
    void aCaughtAlreadyExistsDoesNotSpoilTheTransaction() {
        write(tx -> tx.users().insert(user("alice")));

        String outcome = db.transaction(tx -> {
            try {
                tx.users().insert(user("alice"));
                return "inserted";
            } catch (AlreadyExists e) {
                tx.users().insert(user("alice2"));
                return "fell back";
            }
        });

        assertThat(outcome).isEqualTo("fell back");
        assertThat(db.read((Tx tx) -> tx.users().all())).extracting(User::name).containsExactly("alice", "alice2");
    }

    @Test
    void serializationFailuresAreRetriedWithAFreshTransaction() {
        AtomicInteger attempts = new AtomicInteger();

        String result = db.transaction(tx -> {
            tx.users().insert(user("alice")); // would be AlreadyExists on the 2nd attempt had the 1st committed
            if (attempts.incrementAndGet() < 3) {
                throw new StoreException("conflict", new SQLException("could not serialize access", "40001"));
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(3);
        assertThat(db.read((Tx tx) -> tx.users().all())).containsExactly(user("alice"));
    }

    @Test
    void retriesGiveUpAfterAFewAttempts() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> write(tx -> {
            attempts.incrementAndGet();
            throw new StoreException("deadlock", new SQLException("deadlock detected", "40P01"));
        })).hasMessage("deadlock");
        assertThat(attempts).hasValue(Database.ATTEMPTS);
    }

    @Test
    void otherFailuresAreNotRetried() {
        write(tx -> tx.users().insert(user("alice")));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> write(tx -> {
            attempts.incrementAndGet();
            tx.users().insert(user("alice"));
        })).isInstanceOf(AlreadyExists.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void readRefusesWritesAndWritesNothing() {
        assertThatThrownBy(() -> db.read(tx -> {
            tx.users().insert(user("alice"));
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("read");
        assertThat(db.read((Tx tx) -> tx.users().all())).isEmpty();
    }

    @Test
    void aTxCannotBeUsedAfterItsWork() {
        AtomicReference<Tx> leaked = new AtomicReference<>();
        write(leaked::set);

        assertThatThrownBy(() -> leaked.get().users().all()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void textThatIsNotValidUnicodeIsRefusedOnBothDatabases() {
        assertThatThrownBy(() -> write(tx -> tx.users().insert(new User("nul\u0000", "K1", "s", T0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> write(tx -> tx.users().insert(new User("half\uD83D", "K2", "s", T0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
        assertThat(db.read((Tx tx) -> tx.users().all())).isEmpty();
    }

    @Test
    void dataSurvivesCloseAndReopenAndMigrationRunsOnce() throws SQLException {
        long id = db.transaction(tx -> {
            tx.users().insert(user("alice"));
            return tx.groups().insert(group("alice", "web")).id();
        });
        db.close();

        for (int i = 0; i < 2; i++) {
            db = Database.open(config);
            assertThat(db.read((Tx tx) -> tx.users().all())).containsExactly(user("alice"));
            assertThat(db.read((Tx tx) -> tx.groups().byId(id))).isPresent();
            db.close();
        }
        db = Database.open(config);
        try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT version), MIN(version) FROM flyway_schema_history"
                        + " WHERE success AND type = 'SQL'")) {
            rs.next();
            // V1..V7 at least (later work adds its own versions): each applied once
            assertThat(rs.getInt(1)).as("migrations applied").isGreaterThanOrEqualTo(7);
            assertThat(rs.getInt(2)).as("each version once").isEqualTo(rs.getInt(1));
            assertThat(rs.getString(3)).isEqualTo("1");
        }
        // the identity keeps counting after a reopen
        assertThat(db.transaction(tx -> tx.groups().insert(group("alice", "db"))).id()).isGreaterThan(id);
    }
}
