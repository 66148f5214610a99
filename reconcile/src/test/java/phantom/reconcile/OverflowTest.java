package phantom.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.driver.FaultClass;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.ScalingActivity;
import phantom.core.model.SiteHealth;

/** Overflow across sites: caps, capacity errors, backoff and probes, CONFIG holds, TRANSIENT retries. */
class OverflowTest {
    @TempDir
    Path dir;
    World w;

    @BeforeEach
    void setUp() {
        w = new World(dir);
    }

    @AfterEach
    void tearDown() {
        w.close();
    }

    @Test
    void caps_fill_the_preferred_site_and_overflow_the_rest() {
        w.site("hotel").site("sierra");
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:8,sierra:-1", 10);

        PassResult r = w.reconciler().reconcileNow(g.id());

        assertThat(r.launched()).isEqualTo(10);
        assertThat(r.shortfall()).isEmpty();
        assertThat(w.liveBySite(g)).isEqualTo(Map.of("hotel", 8L, "sierra", 2L));
        assertThat(w.vmsBySite(g)).isEqualTo(Map.of("hotel", 8L, "sierra", 2L));
        assertThat(w.instances(g)).allSatisfy(i -> {
            assertThat(i.id()).startsWith("ph-");
            assertThat(i.cloudId()).startsWith("i-");
            assertThat(i.launchConfigurationName()).isEqualTo("web");
            assertThat(i.state()).isEqualTo(InstanceState.RUNNING);
        });
        List<ScalingActivity> launched = w.activities(g, ActivityStatus.Successful, "Launching a new EC2 instance: i-");
        assertThat(launched).hasSize(10);
        assertThat(launched).filteredOn(a -> a.details().equals("{\"Availability Zone\":\"sierra\"}")).hasSize(2)
                .allSatisfy(a -> assertThat(a.cause()).startsWith("At 2026-11-24T10:00:00Z an instance was started")
                        .contains("on sierra; overflow hotel -> sierra: hotel is full (cap 8)"));
        assertThat(w.reconciler().reconcileNow(g.id()).launched()).as("converged").isZero();
    }

    @Test
    void a_full_site_overflows_after_its_capacity_error_and_activities_say_why() {
        w.site("hotel", "capacity", 3).site("sierra");
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:-1,sierra:-1", 5);
        Reconciler r = w.reconciler();

        PassResult first = r.reconcileNow(g.id());
        assertThat(first.launched()).isEqualTo(3);
        assertThat(first.launchFailures()).isEqualTo(2);
        List<ScalingActivity> failed = w.activities(g, ActivityStatus.Failed, "Launching a new EC2 instance");
        assertThat(failed).hasSize(2).allSatisfy(a -> {
            assertThat(a.statusMessage()).startsWith("InsufficientInstanceCapacity: ");
            assertThat(a.details()).isEqualTo("{\"Availability Zone\":\"hotel\"}");
        });
        assertThat(w.instances(g)).filteredOn(i -> i.state() == InstanceState.FAILED).hasSize(2)
                .allSatisfy(i -> assertThat(i.statusReason()).startsWith("InsufficientInstanceCapacity"));
        SiteHealth hotel = w.health(g, "hotel").orElseThrow();
        assertThat(hotel.lastFault()).isEqualTo(FaultClass.CAPACITY);
        assertThat(hotel.consecutiveFailures()).as("one pass, one attempt").isEqualTo(1);
        assertThat(hotel.backoffUntil()).isAfter(w.clock.instant());

        PassResult second = r.reconcileNow(g.id());
        assertThat(second.launched()).isEqualTo(2);
        assertThat(w.liveBySite(g)).isEqualTo(Map.of("hotel", 3L, "sierra", 2L));
        assertThat(w.vmsBySite(g)).isEqualTo(Map.of("hotel", 3L, "sierra", 2L));
        assertThat(w.activities(g, ActivityStatus.Successful, "Launching a new EC2 instance: "))
                .filteredOn(a -> a.details().contains("sierra")).hasSize(2)
                .allSatisfy(a -> assertThat(a.cause()).contains(
                        "on sierra; overflow hotel -> sierra: hotel returned InsufficientInstanceCapacity 1 time, backing off"));
        assertThat(r.reconcileNow(g.id()).launched()).isZero();
    }

    @Test
    void backoff_survives_a_restart_expires_with_the_clock_then_one_probe_goes() throws Exception {
        w.site("hotel", "capacity", 4).site("sierra");
        w.launchConfiguration("web", "ami-good");
        // Someone else holds one place on hotel.
        var foreign = w.drivers.get("hotel").launch(new phantom.core.driver.LaunchSpec("other-token", null, "bob", "x",
                "ami-x", "m1.small", null, null, null, null), phantom.core.driver.CloudCredentials.NONE);
        Group g = w.group("g", "hotel:-1,sierra:-1", 5);
        Reconciler first = w.reconciler();
        first.reconcileNow(g.id());
        first.reconcileNow(g.id());
        assertThat(w.liveBySite(g)).isEqualTo(Map.of("hotel", 3L, "sierra", 2L));
        first.close();
        SiteHealth backingOff = w.health(g, "hotel").orElseThrow();

        // A new reconciler on the same database still backs off.
        Reconciler restarted = w.reconciler();
        w.clock.advance(Duration.ofSeconds(5));
        w.setDesired(g, 6);
        assertThat(restarted.reconcileNow(g.id()).launched()).isEqualTo(1);
        assertThat(w.liveBySite(g)).isEqualTo(Map.of("hotel", 3L, "sierra", 3L));

        // The backoff ends with the clock; hotel gets one probe, the rest still overflows.
        w.drivers.get("hotel").terminate(foreign.cloudId(), phantom.core.driver.CloudCredentials.NONE);
        w.clock.set(backingOff.backoffUntil().plusSeconds(1));
        w.setDesired(g, 8);
        PassResult probe = restarted.reconcileNow(g.id());
        assertThat(probe.launched()).isEqualTo(2);
        assertThat(w.liveBySite(g)).isEqualTo(Map.of("hotel", 4L, "sierra", 4L));
        assertThat(w.activities(g, ActivityStatus.Successful, "Launching a new EC2 instance: "))
                .filteredOn(a -> a.details().contains("hotel"))
                .anySatisfy(a -> assertThat(a.cause()).contains("backoff over, probing with one launch"));
        assertThat(w.health(g, "hotel").orElseThrow().consecutiveFailures()).as("the probe's success resets").isZero();
    }

    @Test
    void a_config_error_holds_the_site_until_its_launch_configuration_changes() {
        w.site("hotel").site("sierra");
        w.launchConfiguration("web@hotel", "invalid-ami");
        w.launchConfiguration("web@sierra", "ami-good");
        Group g = w.group("g", "hotel:-1,sierra:-1", 3);
        Reconciler r = w.reconciler();

        assertThat(r.reconcileNow(g.id()).launchFailures()).isEqualTo(3);
        assertThat(w.activities(g, ActivityStatus.Failed, "Launching a new EC2 instance"))
                .hasSize(3).allSatisfy(a -> assertThat(a.statusMessage()).startsWith("InvalidAMIID.NotFound: "));
        assertThat(w.health(g, "hotel").orElseThrow().heldFor()).isNotNull();

        assertThat(r.reconcileNow(g.id()).launched()).isEqualTo(3);
        assertThat(w.liveBySite(g)).isEqualTo(Map.of("sierra", 3L));
        assertThat(w.activities(g, ActivityStatus.Successful, "Launching a new EC2 instance: ")).first()
                .satisfies(a -> assertThat(a.cause()).contains("overflow hotel -> sierra: hotel rejected the launch"
                        + " (InvalidAMIID.NotFound: The image id '[invalid-ami]' does not exist); no launches there until"
                        + " the launch configuration or credentials change"));

        // Time alone does not lift a hold.
        w.clock.advance(Duration.ofHours(2));
        w.setDesired(g, 4);
        r.reconcileNow(g.id());
        assertThat(w.liveBySite(g)).isEqualTo(Map.of("sierra", 4L));

        // A new launch configuration for hotel does.
        w.replaceLaunchConfiguration("web@hotel", "ami-fixed");
        w.setDesired(g, 5);
        assertThat(r.reconcileNow(g.id()).launched()).isEqualTo(1);
        assertThat(w.liveBySite(g)).isEqualTo(Map.of("hotel", 1L, "sierra", 4L));
        assertThat(w.instances(g)).filteredOn(i -> i.site().equals("hotel") && i.live()).singleElement()
                .satisfies(i -> assertThat(i.imageId()).isEqualTo("ami-fixed"));
        assertThat(w.health(g, "hotel").orElseThrow().heldFor()).isNull();
    }

    @Test
    void transient_errors_retry_in_place_then_overflow() {
        w.site("hotel", "launch_error_rate", 1.0, "launch_error_class", "transient").site("sierra");
        w.launchConfiguration("web", "ami-good");
        Group g = w.group("g", "hotel:-1,sierra:-1", 2);
        Reconciler r = w.reconciler();

        assertThat(r.reconcileNow(g.id()).launchFailures()).isEqualTo(2);
        PassResult waiting = r.reconcileNow(g.id());
        assertThat(waiting.launched() + waiting.launchFailures()).as("retries in place, after its backoff").isZero();
        assertThat(waiting.shortfall()).singleElement().asString().contains("retrying in");
        assertThat(waiting.nextCheck()).hasValue(w.health(g, "hotel").orElseThrow().backoffUntil());

        for (int attempt = 2; attempt <= 3; attempt++) {
            w.clock.set(w.health(g, "hotel").orElseThrow().backoffUntil());
            assertThat(r.reconcileNow(g.id()).launchFailures()).as("attempt " + attempt + " on hotel").isEqualTo(2);
        }
        assertThat(w.health(g, "hotel").orElseThrow().consecutiveFailures()).isEqualTo(3);

        PassResult overflow = r.reconcileNow(g.id());
        assertThat(overflow.launched()).isEqualTo(2);
        assertThat(w.liveBySite(g)).isEqualTo(Map.of("sierra", 2L));
        assertThat(w.activities(g, ActivityStatus.Failed, "Launching a new EC2 instance")).hasSize(6)
                .allSatisfy(a -> assertThat(a.statusMessage()).startsWith("InternalError: Injected launch failure"));
        assertThat(w.instances(g)).filteredOn(Instance::live).allSatisfy(i -> assertThat(i.site()).isEqualTo("sierra"));
    }
}
