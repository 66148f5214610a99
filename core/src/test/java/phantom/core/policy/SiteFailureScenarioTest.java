package phantom.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import phantom.core.driver.FaultClass;
import phantom.core.model.SiteHealth;

/** How launch failures on a site steer the plan over time (docs/design.md, engine rule 4). */
class SiteFailureScenarioTest {

    private static SiteHealth fail(Fleet f, String site, FaultClass cls, String code, long seed) {
        SiteHealth h = f.health.getOrDefault(site, SiteHealth.fresh(Fleet.GROUP, site));
        SiteHealth next = SiteBackoff.onFailure(h, cls, code, "from the test", f.fingerprints.get(site), f.now, seed);
        f.health.put(site, next);
        return next;
    }

    @Test
    void a_site_with_room_for_3_overflows_the_other_2_after_a_capacity_failure() {
        Fleet f = Fleet.of("hotel:-1,sierra:-1", 5);
        f.capacity.put("hotel", 3);

        Plan first = f.plan();
        assertThat(Fleet.launches(first)).isEqualTo("hotel=5");
        f.apply(first);
        f.settle();
        assertThat(f.live()).isEqualTo("hotel=3");
        SiteHealth hotel = f.health.get("hotel");
        assertThat(hotel.consecutiveFailures()).isEqualTo(2);
        assertThat(hotel.backingOff(f.now)).isTrue();

        Plan second = f.plan();

        assertThat(Fleet.launches(second)).isEqualTo("sierra=2");
        assertThat(second.launches().getFirst().cause()).startsWith("an instance was started in response to a"
                + " difference between desired and actual capacity, increasing the capacity from 3 to 5 on sierra;"
                + " overflow hotel -> sierra: hotel returned InsufficientInstanceCapacity 2 times, backing off ");
        assertThat(second.nextCheck()).contains(hotel.backoffUntil());
        f.apply(second);
        f.settle();
        assertThat(f.live()).isEqualTo("hotel=3 sierra=2");
        assertThat(f.plan().idle()).as("no rebalance back to hotel").isTrue();
        f.advance(Duration.ofMinutes(30));
        assertThat(f.plan().idle()).as("nor after the backoff ends: the group is whole").isTrue();
    }

    @Test
    void backoff_blocks_launches_then_one_probe_goes_after_it_and_a_success_resets() {
        Fleet f = Fleet.of("hotel:-1,sierra:1", 5).layout("hotel=RR");
        fail(f, "hotel", FaultClass.CAPACITY, "InsufficientInstanceCapacity", 1);
        fail(f, "hotel", FaultClass.CAPACITY, "InsufficientInstanceCapacity", 2);
        SiteHealth hotel = fail(f, "hotel", FaultClass.CAPACITY, "InsufficientInstanceCapacity", 3);
        long secs = Duration.between(f.now, hotel.backoffUntil()).toSeconds();
        assertThat(secs).isBetween(60L, 120L);

        Plan blocked = f.plan();
        assertThat(Fleet.launches(blocked)).isEqualTo("sierra=1");
        assertThat(blocked.shortfall()).hasSize(1);
        assertThat(blocked.shortfall().getFirst()).startsWith("wanted 5, sites can take 3 now: hotel returned"
                + " InsufficientInstanceCapacity 3 times, backing off ").endsWith(" s; sierra is full (cap 1)");
        assertThat(blocked.nextCheck()).contains(hotel.backoffUntil());
        f.apply(blocked);
        f.settle();

        f.now = hotel.backoffUntil();
        Plan probe = f.plan();
        assertThat(Fleet.launches(probe)).as("one probe when the backoff ends").isEqualTo("hotel=1");
        assertThat(probe.launches().getFirst().cause()).endsWith(
                "on hotel; hotel returned InsufficientInstanceCapacity 3 times; backoff over, probing with one launch");
        assertThat(probe.shortfall().getFirst()).startsWith("wanted 5, sites can take 4 now: hotel returned"
                + " InsufficientInstanceCapacity 3 times; backoff over, probing with one launch");
        f.apply(probe);

        Plan waiting = f.plan();
        assertThat(waiting.idle()).as("no second launch while the probe is in flight").isTrue();
        assertThat(waiting.shortfall().getFirst()).contains("hotel returned InsufficientInstanceCapacity 3 times,"
                + " waiting for its probe launch");

        f.settle(); // the probe runs: success resets the site
        assertThat(f.health.get("hotel").consecutiveFailures()).isZero();
        Plan after = f.plan();
        assertThat(Fleet.launches(after)).isEqualTo("hotel=1");
        assertThat(after.shortfall()).isEmpty();
    }

    @Test
    void a_failed_probe_backs_off_longer() {
        Fleet f = Fleet.of("hotel:-1", 2);
        f.capacity.put("hotel", 0);
        f.apply(f.plan());
        f.settle();
        SiteHealth once = f.health.get("hotel");
        f.now = once.backoffUntil();
        Plan probe = f.plan();
        assertThat(Fleet.launches(probe)).isEqualTo("hotel=1");
        f.apply(probe);
        f.settle();

        SiteHealth twice = f.health.get("hotel");
        assertThat(twice.consecutiveFailures()).isEqualTo(3);
        assertThat(Duration.between(f.now, twice.backoffUntil())).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(120));
        assertThat(f.plan().launches()).isEmpty();
    }

    @Test
    void a_config_failure_holds_the_site_until_its_fingerprint_changes() {
        Fleet f = Fleet.of("hotel:-1,sierra:1", 3);
        f.fingerprints.put("hotel", "fp-a");
        fail(f, "hotel", FaultClass.CONFIG, "InvalidAMIID.NotFound", 1);

        Plan held = f.plan();
        assertThat(Fleet.launches(held)).isEqualTo("sierra=1");
        assertThat(held.launches().getFirst().cause()).endsWith("overflow hotel -> sierra: hotel rejected the launch"
                + " (InvalidAMIID.NotFound: from the test); no launches there until the launch configuration or"
                + " credentials change");
        assertThat(held.nextCheck()).as("no time lifts a hold").isEmpty();
        f.apply(held);
        f.settle();
        f.advance(Duration.ofHours(5));
        assertThat(f.plan().idle()).as("still held hours later").isTrue();

        f.fingerprints.remove("hotel");
        assertThat(f.plan().idle()).as("an unknown fingerprint does not lift the hold").isTrue();

        f.fingerprints.put("hotel", "fp-b");
        Plan lifted = f.plan();
        assertThat(Fleet.launches(lifted)).as("one probe with the new configuration").isEqualTo("hotel=1");
        assertThat(lifted.launches().getFirst().cause()).endsWith(
                "hotel returned InvalidAMIID.NotFound 1 time; its launch configuration or credentials changed,"
                        + " probing with one launch");
        f.apply(lifted);
        f.settle();
        assertThat(Fleet.launches(f.plan())).as("after the probe succeeded").isEqualTo("hotel=1");
    }

    @Test
    void transient_failures_retry_in_place_then_overflow_after_three() {
        Fleet f = Fleet.of("hotel:-1,sierra:-1", 2);
        SiteHealth h = fail(f, "hotel", FaultClass.TRANSIENT, "ServiceUnavailable", 1);

        Plan waiting = f.plan();
        assertThat(waiting.launches()).as("no overflow after one transient failure").isEmpty();
        assertThat(waiting.nextCheck()).contains(h.backoffUntil());
        assertThat(waiting.shortfall().getFirst()).startsWith(
                "wanted 2, sites can take 0 now: hotel returned ServiceUnavailable 1 time, retrying in ");

        f.now = h.backoffUntil();
        assertThat(Fleet.launches(f.plan())).as("retry in place").isEqualTo("hotel=2");

        fail(f, "hotel", FaultClass.TRANSIENT, "ServiceUnavailable", 2);
        assertThat(f.plan().launches()).as("two failures: still in place").isEmpty();
        h = fail(f, "hotel", FaultClass.TRANSIENT, "ServiceUnavailable", 3);

        Plan overflow = f.plan();
        assertThat(Fleet.launches(overflow)).isEqualTo("sierra=2");
        assertThat(overflow.launches().getFirst().cause()).contains(
                "overflow hotel -> sierra: hotel returned ServiceUnavailable 3 times, backing off ");

        f.now = h.backoffUntil();
        assertThat(Fleet.launches(f.plan())).as("then a probe like any backoff").isEqualTo("hotel=1 sierra=1");
    }

    @Test
    void backing_off_site_keeps_what_it_has() {
        Fleet f = Fleet.of("hotel:-1,sierra:-1", 3).layout("hotel=RRR");
        fail(f, "hotel", FaultClass.QUOTA, "InstanceLimitExceeded", 1);

        assertThat(f.plan().idle()).isTrue();
        f.desired = 2;
        assertThat(Fleet.terminations(f.plan())).as("scale-in as usual").isEqualTo("hotel-1");
    }

    @Test
    void an_expired_backoff_on_a_site_whose_launch_is_pending_waits_for_it() {
        Fleet f = Fleet.of("hotel:-1,sierra:-1", 3).layout("hotel=RP");
        SiteHealth h = fail(f, "hotel", FaultClass.CAPACITY, "InsufficientInstanceCapacity", 1);
        f.now = h.backoffUntil().plusSeconds(1);

        Plan plan = f.plan();

        assertThat(Fleet.launches(plan)).isEqualTo("sierra=1");
        assertThat(plan.launches().getFirst().cause()).endsWith(
                "overflow hotel -> sierra: hotel returned InsufficientInstanceCapacity 1 time, waiting for its probe launch");
    }

    @Test
    void next_check_ignores_backoffs_that_no_demand_reaches() {
        Fleet f = Fleet.of("hotel:2,sierra:-1", 3).layout("hotel=RR sierra=R");
        fail(f, "sierra", FaultClass.CAPACITY, "InsufficientInstanceCapacity", 1);
        fail(f, "hotel", FaultClass.CAPACITY, "InsufficientInstanceCapacity", 1);

        Plan plan = f.plan();

        assertThat(plan.idle()).isTrue();
        assertThat(plan.nextCheck()).isEmpty();
        Instant unused = f.health.get("hotel").backoffUntil();
        assertThat(unused).as("the premise: hotel is backing off").isAfter(f.now);
    }
}
