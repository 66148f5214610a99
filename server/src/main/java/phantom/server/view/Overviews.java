package phantom.server.view;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.ScalingActivity;
import phantom.core.model.SiteHealth;
import phantom.core.model.SitePreference;
import phantom.store.Database;

/**
 * Builds {@link GroupOverview}s: {@link #of} is pure (rows in, views out); {@link #read} and
 * {@link #detail} read the rows in one read transaction each (groups, their unfinished instances,
 * their site health; the shape of the engine's resync read), so a view never mixes two moments.
 */
public final class Overviews {
    /** The most activities a group page shows. */
    public static final int ACTIVITIES_SHOWN = 100;

    private Overviews() {
    }

    /** The rows a set of overviews is built from. */
    public record Rows(List<Group> groups, List<Instance> instances, List<SiteHealth> health) {
        public Rows {
            groups = List.copyOf(groups);
            instances = List.copyOf(instances);
            health = List.copyOf(health);
        }
    }

    /**
     * Every group's overview (of {@code owner} only, when not null), by owner then name, read in one
     * transaction.
     */
    public static List<GroupOverview> read(Database db, String owner, Instant now) {
        return of(db.read(tx -> {
            List<Group> groups = owner == null ? tx.groups().all() : tx.groups().list(owner);
            Set<Long> ids = new java.util.HashSet<>();
            for (Group g : groups) ids.add(g.id());
            List<Instance> instances = (owner == null ? tx.instances().unfinished() : tx.instances().forOwner(owner)).stream()
                    .filter(i -> ids.contains(i.groupId())).toList();
            List<SiteHealth> health = tx.siteHealth().all().stream().filter(h -> ids.contains(h.groupId())).toList();
            return new Rows(groups, instances, health);
        }), now);
    }

    /** The page of {@code owner}'s group {@code name}, read in one transaction; empty when there is none. */
    public static Optional<GroupDetail> detail(Database db, String owner, String name, Instant now) {
        record Read(Rows rows, List<ScalingActivity> activities) {
        }
        Optional<Read> read = db.read(tx -> tx.groups().get(owner, name).map(g -> new Read(
                new Rows(List.of(g), tx.instances().forGroup(g.id()), List.copyOf(tx.siteHealth().forGroup(g.id()).values())),
                tx.activities().page(owner, name, null, false, null, null, ACTIVITIES_SHOWN).stream()
                        .map(phantom.store.Activities.Listed::activity).toList())));
        return read.map(r -> {
            GroupOverview overview = of(r.rows(), now).get(0);
            Map<String, List<Instance>> bySite = new LinkedHashMap<>();
            for (CloudOverview c : overview.clouds()) bySite.put(c.site(), new ArrayList<>());
            for (Instance i : r.rows().instances()) {
                if (i.state().finished()) continue;
                bySite.computeIfAbsent(i.site(), k -> new ArrayList<>()).add(i);
            }
            bySite.replaceAll((k, v) -> List.copyOf(v));
            return new GroupDetail(overview, bySite, r.activities());
        });
    }

    /** Pure: the overviews of {@code rows.groups()}, by owner then name. Finished instances are ignored. */
    public static List<GroupOverview> of(Rows rows, Instant now) {
        Map<Long, List<Instance>> instances = new HashMap<>();
        for (Instance i : rows.instances()) {
            if (!i.state().finished()) instances.computeIfAbsent(i.groupId(), k -> new ArrayList<>()).add(i);
        }
        Map<Long, Map<String, SiteHealth>> health = new HashMap<>();
        for (SiteHealth h : rows.health()) health.computeIfAbsent(h.groupId(), k -> new HashMap<>()).put(h.site(), h);
        List<Group> groups = new ArrayList<>(rows.groups());
        groups.sort(Comparator.comparing(Group::owner).thenComparing(Group::name));
        List<GroupOverview> out = new ArrayList<>();
        for (Group g : groups) {
            out.add(overview(g, instances.getOrDefault(g.id(), List.of()), health.getOrDefault(g.id(), Map.of()), now));
        }
        return out;
    }

    private static GroupOverview overview(Group g, Collection<Instance> instances, Map<String, SiteHealth> health, Instant now) {
        Map<String, List<Instance>> bySite = new HashMap<>();
        for (Instance i : instances) bySite.computeIfAbsent(i.site(), k -> new ArrayList<>()).add(i);
        Set<String> sites = new LinkedHashSet<>();
        Map<String, Integer> caps = new HashMap<>();
        for (SitePreference p : g.clouds()) {
            sites.add(p.site());
            caps.put(p.site(), p.max());
        }
        // clouds no longer listed that still have VMs of the group, by name, after the listed ones
        bySite.keySet().stream().filter(s -> !caps.containsKey(s)).sorted().forEach(sites::add);
        List<CloudOverview> clouds = new ArrayList<>();
        for (String site : sites) {
            int pending = 0;
            int inService = 0;
            int terminating = 0;
            for (Instance i : bySite.getOrDefault(site, List.of())) {
                if (i.standby()) continue;
                if (!i.live()) terminating++;
                else if (i.state() == InstanceState.RUNNING) inService++;
                else pending++;
            }
            boolean listed = caps.containsKey(site);
            // as the overflow policy reads it: a live launch there not yet running is a probe in flight
            Standing standing = Standing.of(health.get(site), pending > 0, now);
            clouds.add(new CloudOverview(site, listed ? caps.get(site) : 0, listed, pending, inService, terminating, standing));
        }
        return new GroupOverview(g.owner(), g.name(), g.desiredCapacity(), g.minSize(), g.maxSize(), g.deleting(), clouds);
    }
}
