package phantom.server.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import phantom.core.driver.FaultClass;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.SiteHealth;
import phantom.core.model.SitePreference;

public class OverviewsTest {
    public static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");

    public static Group group(long id, String owner, String name, int desired, List<SitePreference> clouds) {
        return Group.builder().id(id).owner(owner).name(name).uuid("uuid-" + id).launchConfigurationName("web")
                .sizes(0, 100, desired).defaultCooldown(300).healthCheckType("EC2").clouds(clouds).phantom(true)
                .createdTime(NOW.minusSeconds(600)).version(1).build();
    }

    static Instance vm(String id, long group, String site, InstanceState state, boolean healthy) {
        return new Instance(id, group, site, state == InstanceState.REQUESTED ? null : "i-" + id, state, healthy, null, "web",
                "m1.small", "ami-1", NOW.minusSeconds(60), NOW.minusSeconds(30));
    }

    static SiteHealth health(long group, String site, int failures, FaultClass fault, String error, Instant until, String heldFor) {
        return new SiteHealth(group, site, failures, fault, error, until, heldFor, NOW.minusSeconds(5));
    }

    @Test
    void countsPerCloudInTheGroupsOrderWithAnUnlistedCloudLast() {
        Group g = group(1, "alice", "web", 6, List.of(new SitePreference("sierra", 3), new SitePreference("hotel", SitePreference.UNBOUNDED)));
        List<Instance> vms = List.of(
                vm("a", 1, "sierra", InstanceState.RUNNING, true),
                vm("b", 1, "sierra", InstanceState.PENDING, true),
                vm("c", 1, "sierra", InstanceState.REQUESTED, true),
                vm("d", 1, "hotel", InstanceState.RUNNING, true),
                vm("e", 1, "hotel", InstanceState.RUNNING, false),
                vm("f", 1, "hotel", InstanceState.TERMINATING, true),
                vm("g", 1, "hotel", InstanceState.TERMINATED, true),
                vm("h", 1, "alamo", InstanceState.RUNNING, true),
                vm("x", 2, "hotel", InstanceState.RUNNING, true));
        GroupOverview o = Overviews.of(new Overviews.Rows(List.of(g), vms, List.of()), NOW).get(0);
        assertThat(o.qualifiedName()).isEqualTo("alice/web");
        assertThat(o.clouds()).extracting(CloudOverview::site).containsExactly("sierra", "hotel", "alamo");
        CloudOverview sierra = o.clouds().get(0);
        assertThat(List.of(sierra.cap(), sierra.inService(), sierra.pending(), sierra.terminating())).containsExactly(3, 1, 2, 0);
        CloudOverview hotel = o.clouds().get(1);
        assertThat(hotel.bounded()).isFalse();
        assertThat(List.of(hotel.inService(), hotel.pending(), hotel.terminating())).containsExactly(1, 0, 2);
        assertThat(o.clouds().get(2).listed()).isFalse();
        assertThat(o.inService()).isEqualTo(3);
        assertThat(o.pending()).isEqualTo(2);
        assertThat(o.shortfall()).isEqualTo(1);
        assertThat(o.clouds()).allMatch(c -> c.standing().ok());
    }

    @Test
    void standingsAreTheEnginesOwn() {
        List<SitePreference> clouds = List.of(new SitePreference("hotel", 8), new SitePreference("sierra", 8),
                new SitePreference("foxtrot", 8), new SitePreference("alamo", 8), new SitePreference("echo", -1));
        Group g = group(1, "bob", "api", 10, clouds);
        Instant until = NOW.plusSeconds(90);
        List<SiteHealth> health = List.of(
                health(1, "hotel", 3, FaultClass.CAPACITY, "InsufficientInstanceCapacity: full", until, null),
                health(1, "sierra", 1, FaultClass.CONFIG, "InvalidAMIID.NotFound: no image", null, "fp"),
                health(1, "foxtrot", 2, FaultClass.QUOTA, "InstanceLimitExceeded: limit", NOW.minusSeconds(1), null),
                health(1, "alamo", 1, FaultClass.TRANSIENT, "RequestTimeout: slow", NOW.plusMillis(400), null),
                health(1, "echo", 0, null, null, null, null));
        GroupOverview o = Overviews.of(new Overviews.Rows(List.of(g), List.of(), health), NOW).get(0);
        Standing hotel = o.clouds().get(0).standing();
        assertThat(hotel.kind()).isEqualTo(Standing.Kind.BACKING_OFF);
        assertThat(hotel.until()).isEqualTo(until);
        assertThat(hotel.reason()).isEqualTo("hotel returned InsufficientInstanceCapacity 3 times, backing off 90 s");
        assertThat(StatusTable.describe(hotel)).isEqualTo("backing off until 06:01:30Z after 3 failures: InsufficientInstanceCapacity: full");
        assertThat(o.clouds().get(1).standing().kind()).isEqualTo(Standing.Kind.HELD);
        assertThat(o.clouds().get(1).standing().until()).isNull();
        assertThat(o.clouds().get(2).standing().kind()).isEqualTo(Standing.Kind.PROBING);
        assertThat(o.clouds().get(2).standing().reason()).contains("probing with one launch");
        assertThat(o.clouds().get(3).standing().kind()).isEqualTo(Standing.Kind.RETRYING);
        assertThat(o.clouds().get(4).standing().ok()).isTrue();
    }

    @Test
    void aProbeInFlightIsProbing() {
        Group g = group(1, "bob", "api", 2, List.of(new SitePreference("hotel", 8)));
        SiteHealth h = health(1, "hotel", 2, FaultClass.CAPACITY, "InsufficientInstanceCapacity", NOW.minusSeconds(3), null);
        GroupOverview o = Overviews.of(new Overviews.Rows(List.of(g), List.of(vm("p", 1, "hotel", InstanceState.PENDING, true)),
                List.of(h)), NOW).get(0);
        assertThat(o.clouds().get(0).standing().kind()).isEqualTo(Standing.Kind.PROBING);
        assertThat(o.clouds().get(0).standing().reason()).endsWith("waiting for its probe launch");
    }

    @Test
    void theTableShowsGroupsByCloudsInTheConfigsOrder() {
        Group web = group(1, "alice", "web", 4, List.of(new SitePreference("hotel", 2), new SitePreference("sierra", -1)));
        Group db = group(2, "bob", "db", 1, List.of(new SitePreference("foxtrot", 1)));
        List<Instance> vms = List.of(vm("a", 1, "hotel", InstanceState.RUNNING, true), vm("b", 1, "hotel", InstanceState.RUNNING, true),
                vm("c", 1, "sierra", InstanceState.PENDING, true), vm("d", 2, "foxtrot", InstanceState.RUNNING, true));
        SiteHealth full = health(1, "hotel", 1, FaultClass.CAPACITY, "InsufficientInstanceCapacity: full", NOW.plusSeconds(30), null);
        String table = StatusTable.render(Overviews.of(new Overviews.Rows(List.of(db, web), vms, List.of(full)), NOW),
                List.of("hotel", "sierra", "foxtrot", "alamo"));
        assertThat(table).isEqualTo("""
                GROUP      DESIRED  IN SERVICE  PENDING  hotel  sierra  foxtrot
                alice/web        4           2        1   2/2!   0+1/-
                bob/db           1           1        0                     1/1
                cells: in service[+pending]/cap (- for no cap); ! the cloud is not ok for the group:
                  alice/web on hotel: backing off until 06:00:30Z after 1 failure: InsufficientInstanceCapacity: full
                """);
        assertThat(StatusTable.render(List.of(), List.of("hotel"))).isEqualTo("no groups\n");
    }
}
