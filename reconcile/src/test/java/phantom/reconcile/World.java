package phantom.reconcile;

import phantom.core.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import phantom.core.model.Installation;
import java.util.stream.Collectors;
import phantom.core.driver.CloudDriver;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.ScalingActivity;
import phantom.core.model.SiteHealth;
import phantom.core.model.SitePreference;
import phantom.core.model.Tag;
import phantom.driver.sim.SimCloud;
import phantom.driver.sim.SimDriverFactory;
import phantom.driver.sim.SimVm;
import phantom.store.Database;
import phantom.store.TestDatabases;

/**
 * A Phantom for reconciler tests: the real store (the embedded SQLite in a temp directory), real sim sites sharing
 * the data directory, and a clock that moves only when the test moves it.
 */
final class World implements AutoCloseable {
    /** Nanoseconds on purpose: the store keeps less, and the reconciler must not care. */
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00.123456789Z");
    static final String OWNER = "alice";
    static final String FAMILY = "web";
    /** Long resync (tests drive passes themselves), the original's boot timeout, a short call timeout. */
    static final ReconcilerSettings SETTINGS =
            new ReconcilerSettings(Duration.ofSeconds(60), Duration.ofSeconds(300), 10, Duration.ofSeconds(5));

    final Path dir;
    final ManualClock clock = new ManualClock(T0);
    final Database db;
    final Map<String, CloudDriver> drivers = new LinkedHashMap<>();
    /** The metrics of every reconciler of this world. */
    final io.micrometer.core.instrument.simple.SimpleMeterRegistry metrics =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    private final List<Reconciler> reconcilers = new java.util.ArrayList<>();
    private int lcSerial;

    World(Path dir) {
        this(dir, TestDatabases.embedded(dir.resolve("db")));
    }

    /** On this database (e.g. {@link TestDatabases#postgres()} for a cluster of nodes); closed with the world. */
    World(Path dir, Database db) {
        this.dir = dir;
        this.db = db;
    }

    /** Adds a sim site; VMs boot at once unless the options say otherwise. */
    World site(String name, Object... options) {
        Map<String, Object> o = new HashMap<>();
        o.put("boot_seconds", 0);
        for (int k = 0; k < options.length; k += 2) o.put((String) options[k], options[k + 1]);
        drivers.put(name, sim(name, o));
        return this;
    }

    /** A new driver for a sim site, sharing the site's state with the others. */
    CloudDriver sim(String name, Map<String, Object> options) {
        return new SimDriverFactory().create(name, options, dir, clock);
    }

    SimCloud cloud(String site) {
        return SimCloud.open(dir, site);
    }

    /** VMs the sim site holds (not terminated). */
    List<SimVm> vms(String site) {
        return cloud(site).live();
    }

    Reconciler reconciler() {
        return reconciler(drivers, SETTINGS);
    }

    Reconciler reconciler(Map<String, CloudDriver> sites, ReconcilerSettings settings) {
        return reconciler(sites, settings, (owner, site) -> phantom.core.driver.CloudCredentials.NONE);
    }

    Reconciler reconciler(Map<String, CloudDriver> sites, ReconcilerSettings settings, CredentialSource credentials) {
        return reconciler(sites, settings, credentials, Ownership.SOLE);
    }

    /** A node of a cluster: reconciles the groups {@code ownership} gives it. */
    Reconciler reconciler(Map<String, CloudDriver> sites, ReconcilerSettings settings, CredentialSource credentials,
            Ownership ownership) {
        Reconciler r = new Reconciler(db, sites, Map.of(), credentials, clock, settings, metrics, ownership);
        reconcilers.add(r);
        return r;
    }

    LaunchConfiguration launchConfiguration(String name, String image) {
        return launchConfiguration(OWNER, name, image);
    }

    LaunchConfiguration launchConfiguration(String owner, String name, String image) {
        LaunchConfiguration lc = new LaunchConfiguration(owner, name, UUID.randomUUID().toString(), image, "m1.small",
                "phantomkey", List.of("default"), null, null, null, null, false, null, null, null, null, null, null,
                null, clock.instant().plusMillis(++lcSerial));
        db.transaction(tx -> {
            tx.launchConfigurations().insert(lc);
            return null;
        });
        return lc;
    }

    /** Replaces a launch configuration by a new one of the same name (what a user does to change it). */
    LaunchConfiguration replaceLaunchConfiguration(String name, String image) {
        db.transaction(tx -> tx.launchConfigurations().delete(OWNER, name));
        return launchConfiguration(name, image);
    }

    /** A Phantom group of family {@value #FAMILY}, as CreateAutoScalingGroup stores it. */
    Group group(String name, String clouds, int n) {
        return group(OWNER, name, clouds, n);
    }

    Group group(String owner, String name, String clouds, int n) {
        List<SitePreference> prefs = SitePreference.parseList(clouds);
        List<Tag> tags = List.of(new Tag("PHANTOM_DEFINITION", "error_overflow_n_preserving", false),
                new Tag("clouds", clouds, false), new Tag("n_preserve", String.valueOf(n), false),
                new Tag("team", "physics", true));
        Group g = Group.builder().owner(owner).name(name)
                .uuid(Installation.newGroupUuid(db.transaction(tx -> tx.installation().id(clock.instant()))))
                .launchConfigurationName(FAMILY).sizes(n, n, n).defaultCooldown(300).healthCheckType("EC2").clouds(prefs)
                .phantom(true).tags(tags).terminationPolicies(List.of("Default")).createdTime(clock.instant()).build();
        return db.transaction(tx -> tx.groups().insert(g));
    }

    Group reload(Group g) {
        return db.read(tx -> tx.groups().byId(g.id())).orElseThrow();
    }

    boolean exists(Group g) {
        return db.read(tx -> tx.groups().byId(g.id())).isPresent();
    }

    void setDesired(Group g, int n) {
        update(g, cur -> cur.toBuilder().sizes(Math.min(cur.minSize(), n), Math.max(cur.maxSize(), n), n).build());
    }

    void setClouds(Group g, String clouds) {
        update(g, cur -> cur.toBuilder().clouds(SitePreference.parseList(clouds)).build());
    }

    /** Changes the stored group as an API write would (e.g. its NewInstancesProtectedFromScaleIn). */
    void change(Group g, java.util.function.UnaryOperator<Group> change) {
        update(g, change);
    }

    /** Suspends processes as SuspendProcesses does ({@code phantom.core.group.Processes}). */
    void suspend(Group g, phantom.core.model.ScalingProcess... processes) {
        update(g, cur -> phantom.core.group.Processes.suspend(cur, java.util.Set.of(processes), clock.instant()));
    }

    void resume(Group g, phantom.core.model.ScalingProcess... processes) {
        update(g, cur -> phantom.core.group.Processes.resume(cur, java.util.Set.of(processes)));
    }

    void markDeleting(Group g) {
        update(g, Group::markDeleting);
    }

    private void update(Group g, java.util.function.UnaryOperator<Group> change) {
        db.transaction(tx -> {
            tx.groups().update(change.apply(tx.groups().byId(g.id()).orElseThrow()));
            return null;
        });
    }

    List<Instance> instances(Group g) {
        return db.read(tx -> tx.instances().forGroup(g.id()));
    }

    /** Live instances (pending or running, healthy) per site, sorted by site. */
    Map<String, Long> liveBySite(Group g) {
        return instances(g).stream().filter(Instance::live)
                .collect(Collectors.groupingBy(Instance::site, TreeMap::new, Collectors.counting()));
    }

    /** Instances running and healthy. */
    long running(Group g) {
        return instances(g).stream().filter(i -> i.live() && i.state() == phantom.core.model.InstanceState.RUNNING).count();
    }

    /** VMs per site holding the group's uuid, sorted by site. */
    Map<String, Long> vmsBySite(Group g) {
        Map<String, Long> out = new TreeMap<>();
        for (String site : drivers.keySet()) {
            long n = vms(site).stream().filter(vm -> g.uuid().equals(vm.groupUuid())).count();
            if (n > 0) out.put(site, n);
        }
        return out;
    }

    List<ScalingActivity> activities(Group g) {
        return db.read(tx -> tx.activities().list(g.owner(), g.name()));
    }

    List<ScalingActivity> activities(Group g, ActivityStatus status, String descriptionPrefix) {
        return activities(g).stream()
                .filter(a -> a.status() == status && a.description() != null && a.description().startsWith(descriptionPrefix))
                .toList();
    }

    Optional<SiteHealth> health(Group g, String site) {
        return db.read(tx -> tx.siteHealth().get(g.id(), site));
    }

    @Override
    public void close() {
        reconcilers.forEach(Reconciler::close);
        db.close();
    }
}
