package phantom.reconcile;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.SiteHealth;
import phantom.store.Database;

/**
 * The safety net under the watchers' events: every {@code resync} it re-checks every group, cheaply.
 * It reads every group, every unfinished instance, every site health and every launch
 * configuration in one read transaction (four queries, whatever the number of groups), runs
 * {@link GroupPass#decide} for each group in memory against the watchers' snapshots, and enqueues
 * only the groups where a pass would do something ({@link GroupPass#wouldAct}). It also keeps the
 * set of watched accounts ({@link SiteWatchers#accounts}) and the map from group uuid to group id
 * that turns a watcher's events into enqueues.
 *
 * <p>Each round is logged at DEBUG as one line: groups checked, groups enqueued, milliseconds of
 * wall time and of this thread's CPU time. {@link #last()} returns the latest round.
 */
final class Resync {
    private static final Logger log = LoggerFactory.getLogger(Resync.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Database db;
    private final Map<String, CloudDriver> drivers;
    private final CredentialSource credentials;
    private final Clock clock;
    private final ReconcilerSettings settings;
    private final Duration grace;
    private final SiteWatchers watchers;
    private final ShortfallNotes notes;
    private final LongConsumer enqueue;
    private final Ownership ownership;
    private final EngineMetrics metrics;
    private final Map<Long, String> groupNames = new ConcurrentHashMap<>();
    private final Map<String, Long> groupIds = new ConcurrentHashMap<>();
    private final Map<Long, String> groupUuids = new ConcurrentHashMap<>();
    private volatile ResyncRound last;

    Resync(Database db, Map<String, CloudDriver> drivers, CredentialSource credentials, Clock clock,
            ReconcilerSettings settings, Duration grace, SiteWatchers watchers, ShortfallNotes notes, LongConsumer enqueue,
            Ownership ownership, EngineMetrics metrics) {
        this.ownership = ownership;
        this.metrics = metrics;
        this.db = db;
        this.drivers = drivers;
        this.credentials = credentials;
        this.clock = clock;
        this.settings = settings;
        this.grace = grace;
        this.watchers = watchers;
        this.notes = notes;
        this.enqueue = enqueue;
    }

    /** The id of the group with this uuid, as of the last round or pass; null when unknown. */
    Long groupId(String uuid) {
        return groupIds.get(uuid);
    }

    /** The uuid of the group with this id, as of the last round or pass; null when unknown. */
    String groupUuid(long id) {
        return groupUuids.get(id);
    }

    /** The group's name as users know it, "owner/name", as of the last round or pass; null when unknown. */
    String groupName(long id) {
        return groupNames.get(id);
    }

    /** "owner/name" of a group: how the log and the metrics name it (never by its internal id). */
    static String name(Group g) {
        return g.owner() + "/" + g.name();
    }

    /** Remembers a group's uuid (a pass saw it), so that its VMs' events reach it before the next round. */
    void remember(Group g) {
        groupNames.put(g.id(), name(g));
        groupIds.put(g.uuid(), g.id());
        groupUuids.put(g.id(), g.uuid());
    }

    /** The latest round, or null before the first. */
    ResyncRound last() {
        return last;
    }

    private record Rows(List<Group> groups, List<Instance> unfinished, List<SiteHealth> health,
            List<LaunchConfiguration> launchConfigurations) {
    }

    /** Checks every group and enqueues those a pass would change; returns the round's figures. */
    ResyncRound run() {
        long wall0 = System.nanoTime();
        long cpu0 = cpuNanos();
        Rows rows = db.read(tx -> new Rows(tx.groups().all(), tx.instances().unfinished(), tx.siteHealth().all(),
                tx.launchConfigurations().all()));
        CredentialSource once = memoised();
        // In a cluster this node checks, and watches the accounts of, only the groups it reconciles.
        List<Group> owned = rows.groups().stream().filter(g -> ownership.owns(g.uuid())).toList();
        watchers.retain(SiteWatchers.accounts(drivers, once, owned, rows.unfinished()));

        Map<Long, List<Instance>> instances = new HashMap<>();
        for (Instance i : rows.unfinished()) instances.computeIfAbsent(i.groupId(), k -> new ArrayList<>()).add(i);
        Map<Long, Map<String, SiteHealth>> health = new HashMap<>();
        for (SiteHealth h : rows.health()) health.computeIfAbsent(h.groupId(), k -> new java.util.TreeMap<>()).put(h.site(), h);
        Map<String, List<LaunchConfiguration>> families = new HashMap<>();
        for (LaunchConfiguration lc : rows.launchConfigurations()) {
            families.computeIfAbsent(lc.owner() + "\n" + lc.family(), k -> new ArrayList<>()).add(lc);
        }
        Map<String, Long> uuids = new HashMap<>();
        Instant now = clock.instant();
        int enqueued = 0;
        EngineMetrics.Standing.Builder standing = new EngineMetrics.Standing.Builder();
        Map<Long, String> names = new HashMap<>();
        for (Group g : rows.groups()) {
            uuids.put(g.uuid(), g.id());
            names.put(g.id(), name(g));
        }
        for (Group g : owned) {
            GroupPass.Loaded l = GroupPass.assemble(g, instances.getOrDefault(g.id(), List.of()),
                    health.getOrDefault(g.id(), Map.of()), families.getOrDefault(g.owner() + "\n" + g.family(), List.of()),
                    drivers, once, watchers);
            GroupPass.Decision d = GroupPass.decide(l, now, settings.bootTimeout(), grace);
            List<String> backingOff = new ArrayList<>();
            for (SiteHealth h : l.health().values()) if (h.backingOff(now) || h.heldFor() != null) backingOff.add(h.site());
            standing.add(g, d.instances(), backingOff);
            if (GroupPass.wouldAct(l, d, now, settings.bootTimeout(), grace, notes)) {
                enqueue.accept(g.id());
                enqueued++;
            }
        }
        metrics.standing(standing.build(), drivers.keySet());
        groupNames.keySet().retainAll(names.keySet());
        groupNames.putAll(names);
        groupIds.keySet().retainAll(uuids.keySet());
        groupIds.putAll(uuids);
        groupUuids.keySet().retainAll(uuids.values());
        for (Map.Entry<String, Long> e : uuids.entrySet()) groupUuids.put(e.getValue(), e.getKey());
        ResyncRound r = new ResyncRound(owned.size(), enqueued, Duration.ofNanos(System.nanoTime() - wall0),
                Duration.ofNanos(cpuNanos() - cpu0));
        last = r;
        log.debug("resync: {} groups checked, {} enqueued, {} ms ({} ms CPU)", r.groups(), r.enqueued(),
                r.wall().toMillis(), r.cpu().toMillis());
        return r;
    }

    /** The credential source, asked at most once per (owner, site) in a round. */
    private CredentialSource memoised() {
        Map<String, CloudCredentials> seen = new HashMap<>();
        return (owner, site) -> seen.computeIfAbsent(owner + "\n" + site, k -> credentials.credentials(owner, site));
    }

    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
    }
}
