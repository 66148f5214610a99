package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static phantom.store.Examples.launchConfiguration;
import static phantom.store.Examples.minimalLaunchConfiguration;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import phantom.core.model.LaunchConfiguration;

class LaunchConfigurationsTest extends DatabaseTest {
    @Test
    void roundTripsEveryField() {
        LaunchConfiguration lc = launchConfiguration("alice", "web@hotel");
        write(tx -> tx.launchConfigurations().insert(lc));

        assertThat(db.read((Tx tx) -> tx.launchConfigurations().get("alice", "web@hotel"))).contains(lc);
    }

    @Test
    void roundTripsOptionalFieldsAsNull() {
        LaunchConfiguration lc = minimalLaunchConfiguration("alice", "bare");
        write(tx -> tx.launchConfigurations().insert(lc));

        LaunchConfiguration read = db.read(tx -> tx.launchConfigurations().get("alice", "bare")).orElseThrow();
        assertThat(read).isEqualTo(lc);
        assertThat(read.ebsOptimized()).isNull();
        assertThat(read.associatePublicIpAddress()).isNull();
        assertThat(read.userData()).isNull();
        assertThat(read.securityGroups()).isEmpty();
    }

    @Test
    void keepsMaximumSizedUnicodeValues() {
        String name = "é".repeat(250) + "@🚀";
        String userData = "ü🚀".repeat(10923) + "x"; // 21847 characters, 32770 UTF-16 units
        LaunchConfiguration big = new LaunchConfiguration("ö".repeat(255), name, "u", "ami-1", "t", "k",
                List.of("g".repeat(255), "日本".repeat(100)), userData, null, null, null, false, true, null, null,
                false, null, "", "", Instant.parse("1969-07-20T20:17:40.001Z"));
        write(tx -> tx.launchConfigurations().insert(big));

        assertThat(db.read((Tx tx) -> tx.launchConfigurations().get(big.owner(), name))).contains(big);
    }

    @Test
    void createdTimeIsKeptToTheMillisecond() {
        LaunchConfiguration lc = minimalLaunchConfiguration("alice", "precise");
        LaunchConfiguration withNanos = new LaunchConfiguration("alice", "precise", null, null, null, null, null, null,
                null, null, null, false, null, null, null, null, null, null, null, lc.createdTime().plusNanos(999_999));
        write(tx -> tx.launchConfigurations().insert(withNanos));

        assertThat(db.read(tx -> tx.launchConfigurations().get("alice", "precise")).orElseThrow().createdTime())
                .isEqualTo(lc.createdTime());
    }

    @Test
    void duplicateOwnerAndNameIsAlreadyExists() {
        write(tx -> tx.launchConfigurations().insert(launchConfiguration("alice", "web")));
        write(tx -> tx.launchConfigurations().insert(launchConfiguration("bob", "web")));

        assertThatThrownBy(() -> write(tx -> tx.launchConfigurations().insert(minimalLaunchConfiguration("alice", "web"))))
                .isInstanceOf(AlreadyExists.class).hasMessageContaining("web");
        assertThat(db.read((Tx tx) -> tx.launchConfigurations().get("alice", "web"))).contains(launchConfiguration("alice", "web"));
    }

    @Test
    void listIsTheOwnersOnlySortedByName() {
        write(tx -> {
            for (String n : List.of("b", "a@sierra", "a@hotel", "C", "a")) tx.launchConfigurations().insert(minimalLaunchConfiguration("alice", n));
            tx.launchConfigurations().insert(minimalLaunchConfiguration("bob", "aa"));
        });

        assertThat(db.read((Tx tx) -> tx.launchConfigurations().list("alice")))
                .extracting(LaunchConfiguration::name).containsExactly("C", "a", "a@hotel", "a@sierra", "b");
        assertThat(db.read((Tx tx) -> tx.launchConfigurations().count("alice"))).isEqualTo(5);
        assertThat(db.read((Tx tx) -> tx.launchConfigurations().count("nobody"))).isZero();
    }

    @Test
    void byFamilyMatchesThePlainNameAndOneSiteSuffix() {
        write(tx -> {
            for (String n : List.of("web", "web@hotel", "web@sierra", "web@hotel@x", "webby@hotel", "Web@hotel",
                    "we%@hotel", "web_x", "hotel@web")) {
                tx.launchConfigurations().insert(minimalLaunchConfiguration("alice", n));
            }
            tx.launchConfigurations().insert(minimalLaunchConfiguration("bob", "web@hotel"));
        });

        assertThat(db.read((Tx tx) -> tx.launchConfigurations().byFamily("alice", "web")))
                .extracting(LaunchConfiguration::name).containsExactly("web", "web@hotel", "web@sierra");
        assertThat(db.read((Tx tx) -> tx.launchConfigurations().byFamily("alice", "web@hotel")))
                .extracting(LaunchConfiguration::name).containsExactly("web@hotel@x");
        assertThat(db.read((Tx tx) -> tx.launchConfigurations().byFamily("alice", "we%")))
                .extracting(LaunchConfiguration::name).containsExactly("we%@hotel");
        assertThat(db.read((Tx tx) -> tx.launchConfigurations().byFamily("alice", "nothing"))).isEmpty();
    }

    @Test
    void deleteRemovesOnlyThatOne() {
        write(tx -> {
            tx.launchConfigurations().insert(minimalLaunchConfiguration("alice", "web@hotel"));
            tx.launchConfigurations().insert(minimalLaunchConfiguration("alice", "web@sierra"));
            tx.launchConfigurations().insert(minimalLaunchConfiguration("bob", "web@hotel"));
        });

        assertThat(db.transaction((Tx tx) -> tx.launchConfigurations().delete("alice", "web@hotel"))).isTrue();
        assertThat(db.transaction((Tx tx) -> tx.launchConfigurations().delete("alice", "web@hotel"))).isFalse();
        assertThat(db.read((Tx tx) -> tx.launchConfigurations().list("alice"))).extracting(LaunchConfiguration::name)
                .containsExactly("web@sierra");
        assertThat(db.read((Tx tx) -> tx.launchConfigurations().get("bob", "web@hotel"))).isPresent();
    }

    @Test
    void allHoldsEveryOwnersLaunchConfigurationsByName() {
        write(tx -> {
            tx.launchConfigurations().insert(Examples.launchConfiguration("bob", "web"));
            tx.launchConfigurations().insert(Examples.launchConfiguration("alice", "db"));
            tx.launchConfigurations().insert(Examples.launchConfiguration("alice", "web@hotel"));
        });

        assertThat(db.read((Tx tx) -> tx.launchConfigurations().all()))
                .extracting(lc -> lc.owner() + "/" + lc.name()).containsExactly("alice/db", "bob/web", "alice/web@hotel");
    }
}
