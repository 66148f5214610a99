package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.store.Examples.at;

import org.junit.jupiter.api.Test;
import phantom.core.model.Installation;

class InstallationRowTest extends DatabaseTest {

    @Test
    void theIdIsMadeOnceAndKept() {
        String first = db.transaction(tx -> tx.installation().id(at(1)));
        String again = db.transaction(tx -> tx.installation().id(at(2)));
        assertThat(first).matches("[0-9a-f]{8}").isEqualTo(again);
        String group = Installation.newGroupUuid(first);
        assertThat(group).hasSize(36).startsWith(first);
        assertThat(java.util.UUID.fromString(group).toString()).isEqualTo(group);
        assertThat(Installation.owns(first, group)).isTrue();
        assertThat(Installation.owns(first, Installation.newGroupUuid("00000000"))).isEqualTo(first.equals("00000000"));
        assertThat(Installation.owns(first, null)).isFalse();
    }
}
