package phantom.driver.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a simulated site remembers, in memory and indexed: its VMs in launch order (terminated
 * ones for a day, so a launch token stays idempotent), by cloud id and by token, the live count in
 * all and per owner, and how many launches it has rolled the dice for, which drives every random
 * draw. Launch, terminate and the lookups are O(1); forgetting is amortised O(1) (a queue in
 * termination order); a listing is linear in the VMs remembered.
 *
 * <p>Not thread-safe: {@link SimSite} guards it with its lock. It changes only through {@link
 * #apply}, the same code replaying the journal and making a change, plus {@link #forget}.
 */
final class SimState {
    /** How long a terminated VM is kept before it is forgotten. */
    static final Duration TERMINATED_KEPT = Duration.ofDays(1);
    /** How long a terminated VM stays in the listing, with state TERMINATED (EC2 shows them about an hour). */
    static final Duration TERMINATED_LISTED = Duration.ofHours(1);

    private final String site;
    private final long salt;
    private long launches;
    private final LinkedHashMap<String, SimVm> byId = new LinkedHashMap<>();
    private final Map<String, SimVm> byToken = new HashMap<>();
    private final Map<String, Integer> liveByOwner = new HashMap<>(); // a null owner is a key too
    private int live;
    /** Terminated VMs, oldest termination first: what {@link #forget} drops from the front. */
    private final ArrayDeque<SimVm> terminated = new ArrayDeque<>();

    private SimState(String site, long salt, long launches) {
        this.site = site;
        this.salt = salt;
        this.launches = launches;
    }

    static SimState of(Snapshot snapshot) {
        SimState state = new SimState(snapshot.site(), snapshot.salt(), snapshot.launches());
        List<SimVm> ended = new ArrayList<>();
        for (SimVm vm : snapshot.vms()) {
            state.add(vm, false);
            if (!vm.live()) {
                ended.add(vm);
            }
        }
        ended.sort(Comparator.comparing(SimVm::terminatedAt));
        state.terminated.addAll(ended);
        return state;
    }

    /** This state as a snapshot that the journal of {@code generation} continues. */
    Snapshot snapshot(long generation) {
        return new Snapshot(site, generation, salt, launches, vms());
    }

    String site() {
        return site;
    }

    long salt() {
        return salt;
    }

    long launches() {
        return launches;
    }

    /** How many VMs the site remembers, terminated ones included. */
    int size() {
        return byId.size();
    }

    /** The VMs remembered, in launch order. */
    List<SimVm> vms() {
        return new ArrayList<>(byId.values());
    }

    Optional<SimVm> byToken(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    Optional<SimVm> byId(String cloudId) {
        return Optional.ofNullable(byId.get(cloudId));
    }

    long liveCount() {
        return live;
    }

    long liveOwnedBy(String owner) {
        return liveByOwner.getOrDefault(owner, 0);
    }

    /**
     * The id for the launch of roll {@code attempt}: {@link Dice#instanceId} of the salt, or a
     * variant of it in the (2^-64) case that a VM already has it, e.g. one launched before the
     * upgrade that drew the salt.
     */
    String freshId(long attempt) {
        String id = Dice.instanceId(salt, attempt);
        for (long k = 1; byId.containsKey(id); k++) {
            id = Dice.instanceId(salt + k, attempt);
        }
        return id;
    }

    void apply(JournalRecord record) {
        switch (record) {
            case JournalRecord.Launched l -> {
                launches++;
                add(l.vm(), true);
            }
            case JournalRecord.Rolled r -> launches++;
            case JournalRecord.Terminated t -> terminate(t.cloudId(), t.at());
        }
    }

    /** Forgets VMs terminated {@link #TERMINATED_KEPT} or longer before {@code now}. */
    void forget(Instant now) {
        Instant cutoff = now.minus(TERMINATED_KEPT);
        while (!terminated.isEmpty() && !terminated.peekFirst().terminatedAt().isAfter(cutoff)) {
            SimVm vm = terminated.pollFirst();
            byId.remove(vm.cloudId(), vm);
            byToken.remove(vm.token(), vm);
        }
    }

    private void add(SimVm vm, boolean queueIfTerminated) {
        SimVm previous = byId.put(vm.cloudId(), vm);
        if (previous != null && previous.live()) {
            unlive(previous); // not made by the driver, which never reuses an id; kept consistent all the same
        }
        byToken.put(vm.token(), vm);
        if (vm.live()) {
            live++;
            liveByOwner.merge(vm.owner(), 1, Integer::sum);
        } else if (queueIfTerminated) {
            terminated.addLast(vm);
        }
    }

    private void terminate(String cloudId, Instant at) {
        SimVm vm = byId.get(cloudId);
        if (vm == null || !vm.live()) {
            return;
        }
        SimVm ended = vm.terminated(at);
        byId.put(cloudId, ended);
        byToken.replace(vm.token(), vm, ended);
        unlive(vm);
        terminated.addLast(ended);
    }

    private void unlive(SimVm vm) {
        live--;
        liveByOwner.computeIfPresent(vm.owner(), (owner, n) -> n == 1 ? null : n - 1);
    }
}
