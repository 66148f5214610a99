package phantom.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import phantom.core.driver.FaultClass;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.SiteHealth;
import phantom.core.model.SitePreference;

/**
 * Properties of {@link OverflowPolicy#plan} over random groups (seeded, so a failure names the seed
 * that reproduces it): applying a plan and planning again does nothing more; caps, holds, backoffs
 * and probes are respected; the shortfall note appears exactly when the group runs short.
 */
class PlanPropertiesTest {
    private static final String[] SITES = {"hotel", "sierra", "foxtrot", "alamo"};
    private static final int[] CAPS = {-1, 0, 1, 2, 3, 5};
    private static final String LAYOUT_LETTERS = "QPRRRRTDFqpr";

    static LongStream seeds() {
        return LongStream.range(0, 40);
    }

    /** Each seed runs 25 random groups, so 1000 in all. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void plans_are_idempotent_and_respect_every_limit(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 25; round++) {
            Fleet f = randomFleet(random);
            String what = "seed " + seed + " round " + round + ": clouds " + SitePreference.format(f.clouds) + ", N "
                    + f.desired + (f.deleting ? " (deleting)" : "") + ", instances " + summary(f.instances)
                    + ", health " + f.health.values();
            checkProperties(f, what);
        }
    }

    private static void checkProperties(Fleet f, String what) {
        Plan plan = f.plan();

        List<Instance> shuffled = new ArrayList<>(f.instances);
        Collections.shuffle(shuffled, new Random(what.hashCode()));
        assertThat(OverflowPolicy.plan(f.spec(), shuffled, f.health, f.now)).as("order-independent: " + what)
                .isEqualTo(plan);

        Set<String> terminated = new HashSet<>();
        for (Plan.Termination t : plan.terminations()) {
            assertThat(terminated.add(t.instanceId())).as("terminated once: " + what).isTrue();
            Instance i = f.get(t.instanceId());
            assertThat(i.state().live()).as("only requested, pending or running are terminated: " + what).isTrue();
        }
        Map<String, Long> launchesAt = plan.launches().stream()
                .collect(Collectors.groupingBy(Plan.Launch::site, Collectors.counting()));
        for (Map.Entry<String, Long> e : launchesAt.entrySet()) {
            String site = e.getKey();
            SitePreference p = f.spec().preference(site).orElseThrow(() -> new AssertionError("launch at unlisted " + site));
            SiteHealth h = f.health.getOrDefault(site, SiteHealth.fresh(Fleet.GROUP, site));
            boolean held = h.heldFor() != null && f.spec().fingerprint(site).map(h.heldFor()::equals).orElse(true);
            assertThat(held).as("no launch at a held site: " + what).isFalse();
            assertThat(h.backingOff(f.now)).as("no launch at a site backing off: " + what).isFalse();
            if (h.consecutiveFailures() > 0 && !SiteBackoff.retriesInPlace(h)) {
                assertThat(e.getValue()).as("one probe: " + what).isEqualTo(1);
            }
            assertThat(p.max()).as("no launch at a cap-0 site: " + what).isNotZero();
        }

        f.apply(plan);

        Map<String, Long> live = f.instances.stream().filter(Instance::live)
                .collect(Collectors.groupingBy(Instance::site, Collectors.counting()));
        long total = live.values().stream().mapToLong(Long::longValue).sum();
        if (f.deleting) {
            assertThat(plan.launches()).as("deleting launches nothing: " + what).isEmpty();
            assertThat(f.instances).as("deleting leaves nothing unfinished: " + what)
                    .allMatch(i -> i.state().finished() || i.state() == InstanceState.TERMINATING);
        } else {
            assertThat(total).as("never more than N: " + what).isLessThanOrEqualTo(f.desired);
            for (Map.Entry<String, Long> e : live.entrySet()) {
                SitePreference p = f.spec().preference(e.getKey()).orElse(null);
                assertThat(p).as("nothing live on an unlisted site: " + what).isNotNull();
                if (p.bounded()) assertThat(e.getValue()).as("cap of " + p + ": " + what).isLessThanOrEqualTo(p.max());
            }
            assertThat(plan.shortfall().isEmpty()).as("a shortfall note exactly when short: " + what)
                    .isEqualTo(total == f.desired);
            if (f.health.isEmpty()) {
                int room = f.clouds.stream().mapToInt(p -> p.bounded() ? p.max() : Integer.MAX_VALUE / 8).sum();
                assertThat(total).as("healthy sites are filled to N or their caps: " + what)
                        .isEqualTo(Math.min(f.desired, room));
            }
        }
        plan.nextCheck().ifPresent(t -> assertThat(t).as("next check in the future: " + what).isAfter(f.now));

        Plan again = f.plan();
        assertThat(again.launches()).as("no further launches: " + what).isEmpty();
        assertThat(again.terminations()).as("no further terminations: " + what).isEmpty();
    }

    private static Fleet randomFleet(Random random) {
        List<String> sites = new ArrayList<>(List.of(SITES));
        Collections.shuffle(sites, random);
        int listed = random.nextInt(SITES.length + 1);
        String clouds = IntStream.range(0, listed)
                .mapToObj(k -> sites.get(k) + ":" + CAPS[random.nextInt(CAPS.length)])
                .collect(Collectors.joining(","));
        Fleet f = Fleet.of(clouds, random.nextInt(13));
        f.deleting = random.nextInt(10) == 0;
        f.advance(Duration.ofSeconds(random.nextInt(600)));
        int count = random.nextInt(16);
        for (int k = 0; k < count; k++) {
            f.add(SITES[random.nextInt(SITES.length)], LAYOUT_LETTERS.charAt(random.nextInt(LAYOUT_LETTERS.length())));
        }
        for (String site : SITES) {
            f.fingerprints.put(site, "fp-" + random.nextInt(2));
            SiteHealth fresh = SiteHealth.fresh(Fleet.GROUP, site);
            long backoff = random.nextInt(240) - 120;
            SiteHealth h = switch (random.nextInt(6)) {
                case 0 -> new SiteHealth(Fleet.GROUP, site, 1 + random.nextInt(5), FaultClass.CAPACITY,
                        "InsufficientInstanceCapacity", f.now.plusSeconds(backoff), null, f.now);
                case 1 -> new SiteHealth(Fleet.GROUP, site, 1 + random.nextInt(4), FaultClass.TRANSIENT,
                        "ServiceUnavailable", f.now.plusSeconds(backoff / 10), null, f.now);
                case 2 -> new SiteHealth(Fleet.GROUP, site, 1, FaultClass.CONFIG, "AuthFailure", null,
                        "fp-" + random.nextInt(2), f.now);
                default -> fresh;
            };
            if (!h.equals(fresh)) f.health.put(site, h);
        }
        return f;
    }

    private static String summary(List<Instance> instances) {
        return instances.stream()
                .map(i -> i.id() + ":" + i.state() + (i.healthy() ? "" : "!"))
                .collect(Collectors.joining(" "));
    }
}
