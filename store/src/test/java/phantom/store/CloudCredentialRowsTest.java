package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.store.Examples.at;

import java.util.List;
import org.junit.jupiter.api.Test;

class CloudCredentialRowsTest extends DatabaseTest {

    @Test
    void putGetReplaceListAndDelete() {
        var first = new CloudCredentialRows.Row("alice", "ec2", "AQID", List.of("access_key_id", "secret_access_key"), at(1));
        write(tx -> tx.credentials().put(first));
        assertThat(db.read((Tx tx) -> tx.credentials().get("alice", "ec2"))).contains(first);

        var second = new CloudCredentialRows.Row("alice", "ec2", "BAUG", List.of("access_key_id"), at(2));
        write(tx -> tx.credentials().put(second));
        write(tx -> tx.credentials().put(new CloudCredentialRows.Row("bob", "chameleon", "Zm9v", List.of(), at(3))));
        assertThat(db.read((Tx tx) -> tx.credentials().get("alice", "ec2"))).contains(second);
        assertThat(db.read((Tx tx) -> tx.credentials().all())).extracting(CloudCredentialRows.Row::owner)
                .containsExactly("alice", "bob");
        assertThat(db.read((Tx tx) -> tx.credentials().all()).get(1).names()).isEmpty();

        assertThat(db.transaction((Tx tx) -> tx.credentials().delete("alice", "ec2"))).isTrue();
        assertThat(db.transaction((Tx tx) -> tx.credentials().delete("alice", "ec2"))).isFalse();
        assertThat(db.read((Tx tx) -> tx.credentials().get("alice", "ec2"))).isEmpty();
    }

    @Test
    void toStringNeverShowsTheSealedValue() {
        var row = new CloudCredentialRows.Row("alice", "ec2", "SECRETSEALED", List.of("access_key_id"), at(1));
        assertThat(row.toString()).doesNotContain("SECRETSEALED");
    }
}
