package phantom.core.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import phantom.core.driver.FaultClass;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.SiteHealth;
import phantom.core.model.SitePreference;

/**
 * A group and a world for it, in memory: the stored instances, the per-site health, a clock that
 * only moves when told, and simulated sites that carry plans out (launches fail with CAPACITY
 * beyond a site's real capacity). Lets a test plan, apply, settle and plan again.
 *
 * <p>Layouts are written {@code "hotel=RRP sierra=R"}: one letter per instance, Q requested,
 * P pending, R running, T terminating, D terminated, F failed; lower case q/p/r are unhealthy.
 * Instances get ids {@code site-N} with N counting up over the whole fleet, so a higher N is newer.
 */
final class Fleet {
    static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    static final long GROUP = 7;
    static final String UUID = "7e0c5a3e-0000-4000-8000-000000000007";

    Instant now = T0;
    List<SitePreference> clouds;
    int desired;
    boolean deleting;
    /** The group's suspended processes (the policy honours Launch, Terminate, ReplaceUnhealthy). */
    java.util.Set<phantom.core.model.ScalingProcess> suspended = java.util.EnumSet.noneOf(phantom.core.model.ScalingProcess.class);
    Duration bootTimeout = GroupSpec.DEFAULT_BOOT_TIMEOUT;
    final Map<String, String> fingerprints = new HashMap<>();
    /** The group's termination policies; AWS's default unless a test sets others. */
    List<String> terminationPolicies = List.of("Default");
    /** Launch configuration name to its creation time, as the engine knows the ones its sites launch now. */
    final Map<String, Instant> launchConfigurations = new HashMap<>();
    final List<Instance> instances = new ArrayList<>();
    final Map<String, SiteHealth> health = new HashMap<>();
    /** Real capacity per site for {@link #settle()}; a site not listed has no limit. */
    final Map<String, Integer> capacity = new HashMap<>();
    private int seq;

    static Fleet of(String clouds, int desired) {
        Fleet f = new Fleet();
        f.desired = desired;
        return f.clouds(clouds);
    }

    Fleet layout(String layout) {
        for (String part : layout.trim().split("\\s+")) {
            if (part.isEmpty()) continue;
            String[] kv = part.split("=", 2);
            for (char c : kv[1].toCharArray()) add(kv[0], c);
        }
        return this;
    }

    Instance add(String site, char code) {
        InstanceState state = switch (Character.toUpperCase(code)) {
            case 'Q' -> InstanceState.REQUESTED;
            case 'P' -> InstanceState.PENDING;
            case 'R' -> InstanceState.RUNNING;
            case 'T' -> InstanceState.TERMINATING;
            case 'D' -> InstanceState.TERMINATED;
            case 'F' -> InstanceState.FAILED;
            default -> throw new IllegalArgumentException("layout letter " + code);
        };
        boolean healthy = !Character.isLowerCase(code);
        int n = ++seq;
        String id = site + "-" + n;
        String cloudId = state == InstanceState.REQUESTED || state == InstanceState.FAILED ? null : "vm-" + id;
        Instant created = T0.minus(Duration.ofHours(1)).plusSeconds(n);
        Instance i = new Instance(id, GROUP, site, cloudId, state, healthy, healthy ? null : "test says unhealthy",
                "web@" + site, "m1.small", "ami-1", created, created);
        instances.add(i);
        return i;
    }

    Fleet clouds(String value) {
        clouds = value.isBlank() ? List.of() : SitePreference.parseList(value);
        return this;
    }

    GroupSpec spec() {
        return new GroupSpec(GROUP, UUID, desired, clouds, deleting, bootTimeout, fingerprints, terminationPolicies,
                launchConfigurations, suspended);
    }

    Plan plan() {
        return OverflowPolicy.plan(spec(), instances, health, now);
    }

    /** Protects the instances with these ids from scale in. */
    Fleet protect(String... ids) {
        for (String id : ids) replace(id, i -> i.withProtection(true, now));
        return this;
    }

    /** Puts the instances with these ids in standby (EnterStandby). */
    Fleet standby(String... ids) {
        for (String id : ids) replace(id, i -> i.inStandby(true, now));
        return this;
    }

    /** Records the plan as the actuator would: new requested rows, terminating rows. */
    void apply(Plan plan) {
        for (Plan.Launch l : plan.launches()) {
            int n = ++seq;
            instances.add(new Instance(l.site() + "-" + n, GROUP, l.site(), null, InstanceState.REQUESTED, true, null,
                    "web@" + l.site(), "m1.small", "ami-1", now, now));
        }
        for (Plan.Termination t : plan.terminations()) {
            replace(t.instanceId(), i -> i.with(InstanceState.TERMINATING, t.cause(), now));
        }
    }

    /**
     * The clouds answer: terminations complete, requested launches start running unless the site is
     * at its real capacity, in which case they fail with CAPACITY and the site's health is updated.
     */
    void settle() {
        for (Instance i : List.copyOf(instances)) {
            if (i.state() == InstanceState.TERMINATING) {
                replace(i.id(), x -> x.with(InstanceState.TERMINATED, x.statusReason(), now));
            }
        }
        for (Instance i : List.copyOf(instances)) {
            if (i.state() != InstanceState.REQUESTED || !i.healthy()) continue;
            SiteHealth h = health.getOrDefault(i.site(), SiteHealth.fresh(GROUP, i.site()));
            long occupied = instances.stream()
                    .filter(x -> x.site().equals(i.site()) && x.cloudId() != null && x.state().live())
                    .count();
            if (occupied >= capacity.getOrDefault(i.site(), Integer.MAX_VALUE)) {
                replace(i.id(), x -> x.with(InstanceState.FAILED, "InsufficientInstanceCapacity", now));
                health.put(i.site(), SiteBackoff.onFailure(h, FaultClass.CAPACITY, "InsufficientInstanceCapacity",
                        "no room", null, now, seq));
            } else {
                replace(i.id(), x -> x.withCloudId("vm-" + x.id(), InstanceState.RUNNING, now));
                health.put(i.site(), SiteBackoff.onSuccess(h, now));
            }
        }
    }

    /** Plans, applies and settles until a plan is idle; returns the plans made, the idle one last. */
    List<Plan> converge() {
        List<Plan> plans = new ArrayList<>();
        for (int round = 0; round < 50; round++) {
            Plan p = plan();
            plans.add(p);
            if (p.idle()) return plans;
            apply(p);
            settle();
        }
        throw new AssertionError("no idle plan after 50 rounds: " + plans.getLast());
    }

    void advance(Duration d) {
        now = now.plus(d);
    }

    Instance get(String id) {
        return instances.stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }

    void replace(String id, java.util.function.UnaryOperator<Instance> change) {
        for (int k = 0; k < instances.size(); k++) {
            if (instances.get(k).id().equals(id)) {
                instances.set(k, change.apply(instances.get(k)));
                return;
            }
        }
        throw new IllegalArgumentException("no instance " + id);
    }

    /** Live instances per site, as "hotel=8 sierra=2", sites in the group's order, then others. */
    String live() {
        Map<String, Long> counts = new TreeMap<>(instances.stream().filter(Instance::live)
                .collect(Collectors.groupingBy(Instance::site, Collectors.counting())));
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (SitePreference p : clouds) {
            if (counts.containsKey(p.site())) ordered.put(p.site(), counts.remove(p.site()));
        }
        ordered.putAll(counts);
        return format(ordered);
    }

    static String launches(Plan plan) {
        return format(plan.launchCounts());
    }

    static String terminations(Plan plan) {
        return plan.terminations().stream().map(Plan.Termination::instanceId).collect(Collectors.joining(" "));
    }

    private static String format(Map<String, ? extends Number> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
