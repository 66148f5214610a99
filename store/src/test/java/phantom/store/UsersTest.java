package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static phantom.store.Examples.T0;
import static phantom.store.Examples.user;

import java.util.List;
import org.junit.jupiter.api.Test;
import phantom.core.model.User;

class UsersTest extends DatabaseTest {
    @Test
    void roundTripsByNameAndAccessKey() {
        User alice = user("alice");
        write(tx -> tx.users().insert(alice));

        assertThat(db.read((Tx tx) -> tx.users().byName("alice"))).contains(alice);
        assertThat(db.read((Tx tx) -> tx.users().byAccessKey("AKALICE"))).contains(alice);
        assertThat(db.read((Tx tx) -> tx.users().byName("bob"))).isEmpty();
        assertThat(db.read((Tx tx) -> tx.users().byAccessKey("AKBOB"))).isEmpty();
    }

    @Test
    void keepsUnicodeAndLongValues() {
        String name = "🚀".repeat(255); // 255 characters, 510 UTF-16 units
        User u = new User(name, "K".repeat(128), Examples.TRICKY + "x".repeat(5000), T0);
        write(tx -> tx.users().insert(u));

        assertThat(db.read((Tx tx) -> tx.users().byName(name))).contains(u);
    }

    @Test
    void aNameLongerThanItsColumnIsRefusedOnEveryDatabase() {
        // VARCHAR(512) on PostgreSQL, a CHECK on length() on SQLite: both count characters, not UTF-16 units
        String longest = "🚀".repeat(512);
        write(tx -> tx.users().insert(new User(longest, "AK1", "s", T0)));

        assertThatThrownBy(() -> write(tx -> tx.users().insert(new User(longest + "x", "AK2", "s", T0))))
                .isInstanceOf(StoreException.class).isNotInstanceOf(AlreadyExists.class);
        assertThat(db.read((Tx tx) -> tx.users().all())).extracting(User::name).containsExactly(longest);
    }

    @Test
    void duplicateNameOrAccessKeyIsAlreadyExistsAndChangesNothing() {
        write(tx -> tx.users().insert(user("alice")));

        assertThatThrownBy(() -> write(tx -> tx.users().insert(new User("alice", "OTHERKEY", "s", T0))))
                .isInstanceOf(AlreadyExists.class).hasMessageContaining("alice");
        assertThatThrownBy(() -> write(tx -> tx.users().insert(new User("carol", "AKALICE", "s", T0))))
                .isInstanceOf(AlreadyExists.class).hasMessageContaining("AKALICE");
        assertThat(db.read((Tx tx) -> tx.users().all())).containsExactly(user("alice"));
    }

    @Test
    void allIsSortedByName() {
        write(tx -> {
            for (String n : List.of("mallory", "Zed", "alice", "bob")) tx.users().insert(user(n));
        });

        assertThat(db.read((Tx tx) -> tx.users().all())).extracting(User::name).containsExactly("Zed", "alice", "bob", "mallory");
    }

    @Test
    void deleteSaysWhetherTheUserExisted() {
        write(tx -> tx.users().insert(user("alice")));

        assertThat(db.transaction((Tx tx) -> tx.users().delete("alice"))).isTrue();
        assertThat(db.transaction((Tx tx) -> tx.users().delete("alice"))).isFalse();
        assertThat(db.read((Tx tx) -> tx.users().byAccessKey("AKALICE"))).isEmpty();
    }
}
