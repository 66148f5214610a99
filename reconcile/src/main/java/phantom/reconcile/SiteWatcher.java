package phantom.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import phantom.core.model.Instance;

/**
 * One site's VMs as one account sees them, listed once per watch interval and shared by every
 * group that uses the site (docs/engine.md, "The site watcher"): controller-runtime's shared
 * informer. Group passes, the resync and the orphan sweep read its snapshot; none of them lists.
 *
 * <ul>
 *   <li>Each {@link #watchNow() watch} lists the site through {@link SiteLanes} (kind "list") with
 *       {@link CloudDriver#list(CloudCredentials, String)}, only this installation's VMs.
 *   <li>Launch and terminate results are written through at once ({@link #launched},
 *       {@link #terminated}). A write made after a listing started survives that listing (which may
 *       predate it) and gives way to the first listing that started after it.
 *   <li>The difference between consecutive snapshots (a VM appeared, disappeared or changed
 *       state) is reported as the set of group uuids concerned, so exactly those groups are woken.
 *   <li>A failed listing makes the snapshot unknown ({@link #view} is empty: nothing on the site is
 *       judged missing or dead) until the next good one, and backs off this watcher alone: the
 *       interval doubled per consecutive failure, at most {@link #longestBackoff}. The next good
 *       listing is compared with the last good one, so what changed meanwhile still wakes its groups.
 * </ul>
 *
 * <p>Thread-safe; one listing at a time. The snapshot is indexed by cloud id, token and group uuid,
 * so a group's slice costs what the group has, and write-through costs O(1).
 */
final class SiteWatcher {
    private static final Logger log = LoggerFactory.getLogger(SiteWatcher.class);

    /** Which listing a watcher makes: a site, with one account's credentials. */
    record Key(String site, CloudCredentials credentials) {
        Key {
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(credentials, "credentials");
        }

        @Override
        public String toString() {
            return credentials.isEmpty() ? site : site + " (" + credentials + ")";
        }
    }

    /** A group's part of the snapshot, and when the listing it rests on started (clock time). */
    record Slice(List<CloudInstance> vms, Instant listedAt) {
    }

    /** A write-through entry and the write sequence number it was made at. */
    private record Written(CloudInstance vm, long seq) {
    }

    /** The shortest delay between two listings while VMs boot. */
    static final Duration SOONEST = Duration.ofMillis(250);

    private final Key key;
    private final CloudDriver driver;
    private final SiteLanes lanes;
    private final Clock clock;
    private final Supplier<String> installation;
    private final Duration interval;
    private final Consumer<Set<String>> onChange;
    private final ReentrantLock listing = new ReentrantLock();
    private final Object lock = new Object();

    // All guarded by lock.
    private final Map<String, CloudInstance> byCloudId = new HashMap<>();
    private final Map<String, CloudInstance> byToken = new HashMap<>();
    private final Map<String, Map<String, CloudInstance>> byGroup = new HashMap<>();
    private final Map<String, Written> written = new HashMap<>();
    private long writes;
    private boolean known;
    private boolean everListed;
    private Instant listedAt;
    private int failures;
    private long listings;

    /**
     * @param installation this installation's id (read once it is needed)
     * @param onChange gets the group uuids whose VMs changed between two listings; called outside any lock
     */
    SiteWatcher(Key key, CloudDriver driver, SiteLanes lanes, Clock clock, Supplier<String> installation,
            Duration interval, Consumer<Set<String>> onChange) {
        this.key = key;
        this.driver = driver;
        this.lanes = lanes;
        this.clock = clock;
        this.installation = installation;
        this.interval = interval;
        this.onChange = onChange;
    }

    Key key() {
        return key;
    }

    CloudDriver driver() {
        return driver;
    }

    Duration interval() {
        return interval;
    }

    /** The most a failing watcher waits between listings: a minute, or the interval if longer. */
    Duration longestBackoff() {
        Duration minute = Duration.ofMinutes(1);
        return interval.compareTo(minute) > 0 ? interval : minute;
    }

    /** Listings that succeeded so far. */
    long listings() {
        synchronized (lock) {
            return listings;
        }
    }

    /** Whether the last listing succeeded (the snapshot is known). */
    boolean known() {
        synchronized (lock) {
            return known;
        }
    }

    /**
     * Lists the site now (after a listing in progress ends), updates the snapshot and reports what
     * changed. Returns the delay until the next watch: the interval ({@link #whileBooting()} while a
     * VM of the snapshot is pending), or the backoff after a failure.
     */
    Duration watchNow() throws InterruptedException {
        listing.lockInterruptibly();
        try {
            return watch();
        } finally {
            listing.unlock();
        }
    }

    private Duration watch() throws InterruptedException {
        long startSeq;
        synchronized (lock) {
            startSeq = writes;
        }
        Instant started = clock.instant();
        List<CloudInstance> vms;
        try {
            String id = installation.get();
            vms = lanes.call(key.site(), "list", () -> driver.list(key.credentials(), id));
        } catch (CloudFault f) {
            Duration backoff;
            int inARow;
            synchronized (lock) {
                known = false;
                failures = failures == Integer.MAX_VALUE ? failures : failures + 1;
                inARow = failures;
                backoff = backoff(failures);
            }
            // The first failure says all; the ones after it are one identical line, which the log folds
            // ("... (repeated N times in the last 60 s)") while the problem lasts.
            if (inARow == 1) {
                log.warn("watching {} failed; nothing there is judged until a listing succeeds; next try in {}: {}",
                        key, SiteLanes.text(backoff), f.toString());
            } else {
                log.warn("watching {} still fails; nothing there is judged until a listing succeeds: {}", key, f.toString());
            }
            return backoff;
        }
        Set<String> changed;
        boolean booting;
        int recovered;
        synchronized (lock) {
            Map<String, CloudInstance> next = new LinkedHashMap<>(vms.size() * 2);
            for (CloudInstance vm : vms) next.put(vm.cloudId(), vm);
            for (Iterator<Written> it = written.values().iterator(); it.hasNext(); ) {
                Written w = it.next();
                if (w.seq() > startSeq) next.put(w.vm().cloudId(), w.vm()); // the listing may predate it
                else it.remove(); // this listing started after the write: it is the truth now
            }
            changed = everListed ? diff(byCloudId, next) : Set.of();
            booting = false;
            for (CloudInstance vm : next.values()) {
                if (vm.state() == CloudState.PENDING) {
                    booting = true;
                    break;
                }
            }
            byCloudId.clear();
            byToken.clear();
            byGroup.clear();
            for (CloudInstance vm : next.values()) index(vm);
            known = true;
            everListed = true;
            listedAt = started;
            recovered = failures;
            failures = 0;
            listings++;
        }
        if (recovered > 0) log.info("watching {} works again after {} failed listing(s)", key, recovered);
        if (!changed.isEmpty()) onChange.accept(changed);
        return booting ? whileBooting() : interval;
    }

    /**
     * The delay to the next listing while a VM of the snapshot is pending: a quarter of the
     * interval, never under {@link #SOONEST}. A VM is seen running soon after it boots, at a cost
     * (four times the listings) paid only while VMs boot.
     */
    Duration whileBooting() {
        Duration quarter = interval.dividedBy(4);
        return quarter.compareTo(SOONEST) < 0 ? (interval.compareTo(SOONEST) < 0 ? interval : SOONEST) : quarter;
    }

    /** The interval doubled per consecutive failure, at most {@link #longestBackoff()}. */
    Duration backoff(int consecutiveFailures) {
        Duration longest = longestBackoff();
        Duration d = interval;
        for (int k = 0; k < consecutiveFailures && d.compareTo(longest) < 0; k++) d = d.multipliedBy(2);
        return d.compareTo(longest) > 0 ? longest : d;
    }

    /** The group uuids of VMs that appeared, disappeared or changed state. */
    private static Set<String> diff(Map<String, CloudInstance> before, Map<String, CloudInstance> after) {
        Set<String> out = new HashSet<>();
        for (CloudInstance vm : after.values()) {
            CloudInstance old = before.get(vm.cloudId());
            if (old == null || old.state() != vm.state()) addGroup(out, vm);
        }
        for (CloudInstance vm : before.values()) {
            if (!after.containsKey(vm.cloudId())) addGroup(out, vm);
        }
        return out;
    }

    private static void addGroup(Set<String> out, CloudInstance vm) {
        if (vm.groupUuid() != null) out.add(vm.groupUuid());
    }

    /** Records a VM a launch just returned, at once. */
    void launched(CloudInstance vm) {
        write(vm);
    }

    /** Records that a VM was just terminated (its terminate call succeeded), at once. */
    void terminated(String cloudId) {
        synchronized (lock) {
            CloudInstance vm = byCloudId.get(cloudId);
            if (vm == null) return; // not in the snapshot: nothing shows it alive
            write(new CloudInstance(vm.cloudId(), vm.token(), vm.groupUuid(), CloudState.TERMINATED, vm.instanceType(),
                    vm.launchTime()));
        }
    }

    private void write(CloudInstance vm) {
        synchronized (lock) {
            written.put(vm.cloudId(), new Written(vm, ++writes));
            CloudInstance old = byCloudId.get(vm.cloudId());
            if (old != null) unindex(old);
            index(vm);
        }
    }

    /**
     * The VMs of one group's part of the snapshot: those tagged with its uuid, and those whose cloud
     * id or launch token is one of its instances'. Empty when the snapshot is unknown.
     */
    Optional<Slice> slice(String groupUuid, List<Instance> instances) {
        synchronized (lock) {
            if (!known) return Optional.empty();
            Map<String, CloudInstance> out = new LinkedHashMap<>();
            Map<String, CloudInstance> tagged = byGroup.get(groupUuid);
            if (tagged != null) out.putAll(tagged);
            for (Instance i : instances) {
                if (i.site().equals(key.site()) && !i.state().finished()) {
                    CloudInstance vm = i.cloudId() != null ? byCloudId.get(i.cloudId()) : byToken.get(i.id());
                    if (vm != null) out.putIfAbsent(vm.cloudId(), vm);
                }
            }
            return Optional.of(new Slice(List.copyOf(out.values()), listedAt));
        }
    }

    /** The whole snapshot (the orphan sweep's listing); empty when unknown. */
    Optional<List<CloudInstance>> view() {
        synchronized (lock) {
            return known ? Optional.of(List.copyOf(byCloudId.values())) : Optional.empty();
        }
    }

    private void index(CloudInstance vm) {
        byCloudId.put(vm.cloudId(), vm);
        if (vm.token() != null) byToken.merge(vm.token(), vm, SiteWatcher::better);
        if (vm.groupUuid() != null) byGroup.computeIfAbsent(vm.groupUuid(), g -> new LinkedHashMap<>()).put(vm.cloudId(), vm);
    }

    private void unindex(CloudInstance vm) {
        byCloudId.remove(vm.cloudId());
        if (vm.token() != null) byToken.remove(vm.token(), vm);
        if (vm.groupUuid() != null) {
            Map<String, CloudInstance> g = byGroup.get(vm.groupUuid());
            if (g != null) {
                g.remove(vm.cloudId());
                if (g.isEmpty()) byGroup.remove(vm.groupUuid());
            }
        }
    }

    /** Of two VMs with one token, the live one (a duplicate's fate is the observation's and the sweep's call). */
    private static CloudInstance better(CloudInstance a, CloudInstance b) {
        return a.state() == CloudState.PENDING || a.state() == CloudState.RUNNING ? a : b;
    }

    @Override
    public String toString() {
        return "watcher of " + key;
    }

    /** For messages: the VMs of the snapshot by state. */
    String summary() {
        synchronized (lock) {
            if (!known) return key + ": unknown";
            Map<CloudState, Integer> n = new LinkedHashMap<>();
            for (CloudInstance vm : byCloudId.values()) n.merge(vm.state(), 1, Integer::sum);
            return key + ": " + n;
        }
    }
}
