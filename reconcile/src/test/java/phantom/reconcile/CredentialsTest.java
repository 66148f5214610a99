package phantom.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.driver.Capabilities;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.FaultClass;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;

/** Sites that need the user's own cloud credentials. */
class CredentialsTest {
    @TempDir
    Path dir;
    World w;
    WatchedDriver ec2;
    final Map<String, CloudCredentials> keys = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() {
        w = new World(dir).site("ec2").site("sierra");
        ec2 = new WatchedDriver(w.drivers.get("ec2"));
        ec2.capabilities = new Capabilities(true, List.of("access_key", "secret_key"));
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    private Reconciler reconciler() {
        return w.reconciler(Map.of("ec2", ec2, "sierra", w.drivers.get("sierra")), World.SETTINGS,
                (owner, site) -> site.equals("ec2") ? keys.getOrDefault(owner, CloudCredentials.NONE) : CloudCredentials.NONE);
    }

    private static CloudCredentials key(String owner) {
        return new CloudCredentials(Map.of("access_key", "AK-" + owner, "secret_key", "secret-" + owner));
    }

    @Test
    void without_credentials_the_site_is_held_until_they_are_set() {
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "ec2:-1,sierra:-1", 2);
        Reconciler r = reconciler();

        assertThat(r.reconcileNow(g.id()).launchFailures()).isEqualTo(2);
        assertThat(ec2.launches).as("the cloud is not even called").hasValue(0);
        assertThat(ec2.lists).as("nor listed").hasValue(0);
        assertThat(w.activities(g, ActivityStatus.Failed, "Launching a new EC2 instance"))
                .allSatisfy(a -> assertThat(a.statusMessage()).isEqualTo("AuthFailure: alice has no cloud credentials for site ec2"));
        assertThat(w.health(g, "ec2").orElseThrow().lastFault()).isEqualTo(FaultClass.CONFIG);
        r.reconcileNow(g.id());
        assertThat(w.liveBySite(g)).isEqualTo(Map.of("sierra", 2L));

        keys.put(World.OWNER, key(World.OWNER));
        w.setDesired(g, 3);
        assertThat(r.reconcileNow(g.id()).launched()).as("new credentials lift the hold: one probe").isEqualTo(1);
        assertThat(w.liveBySite(g)).isEqualTo(Map.of("ec2", 1L, "sierra", 2L));
        assertThat(ec2.listedWith).contains(key(World.OWNER));
    }

    @Test
    void the_sweep_lists_a_credentialed_site_once_per_account() {
        for (String owner : List.of("alice", "bob", "carol", "dave")) {
            if (!owner.equals(World.OWNER)) w.launchConfiguration(owner, "web", "ami-good");
            w.group(owner, "g1", "ec2:-1", 0);
            w.group(owner, "g2", "ec2:-1", 0);
        }
        keys.put("alice", key("alice"));
        keys.put("bob", key("bob"));
        keys.put("carol", key("alice")); // the same account as alice's

        reconciler().sweepOrphansNow();

        assertThat(ec2.listedWith).containsExactlyInAnyOrder(key("alice"), key("bob"));
    }
}
