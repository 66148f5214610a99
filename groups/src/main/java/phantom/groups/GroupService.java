package phantom.groups;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import phantom.core.group.Cooldown;
import java.util.function.UnaryOperator;
import phantom.core.group.GroupRules;
import phantom.core.group.GroupUpdate;
import phantom.core.group.MetricsCollection;
import phantom.core.group.NewGroup;
import phantom.core.group.Placement;
import phantom.core.group.Processes;
import phantom.core.group.Refusal;
import phantom.core.group.SiteCatalog;
import phantom.core.group.Standby;
import phantom.core.model.Group;
import phantom.core.model.GroupMetric;
import phantom.core.model.Installation;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.ScalingActivity;
import phantom.core.model.ScalingProcess;
import phantom.core.model.Tag;
import phantom.store.AlreadyExists;
import phantom.store.Database;
import phantom.store.Tx;

/**
 * Every change to a group, in one place. Each method reads what it changes inside one transaction
 * (run again when it loses a race, {@link LostRaces}), decides with the pure group rules
 * ({@link GroupRules}), writes the result, and after the commit rings the reconciler's doorbell
 * for each group whose wanted state changed. A refused request throws {@link Refusal} and changes
 * nothing. The API's actions decode a request, call one of these, and render the answer.
 */
public final class GroupService {
    private final Database db;
    private final SiteCatalog sites;
    private final Clock clock;
    private final Limits limits;
    private final GroupChanged changed;
    private final String installation;

    /**
     * @param installation the installation id that prefixes every group uuid ({@link Installation})
     */
    public GroupService(Database db, SiteCatalog sites, Clock clock, Limits limits, GroupChanged changed, String installation) {
        this.db = db;
        this.sites = sites;
        this.clock = clock;
        this.limits = limits;
        this.changed = changed;
        this.installation = installation;
    }

    /** CreateAutoScalingGroup: the group as stored (its id and version 1). */
    public Group create(String owner, NewGroup request) {
        Group group = GroupRules.created(owner, request, Installation.newGroupUuid(installation), clock.instant(),
                limits.maxGroupSize());
        Group created = LostRaces.transaction(db, tx -> {
            if (tx.groups().get(owner, group.name()).isPresent()) throw GroupRules.duplicate(group.name());
            if (tx.groups().count(owner) >= limits.maxGroups()) throw GroupRules.tooManyGroups(limits.maxGroups());
            checkPlacement(tx, group);
            try {
                return tx.groups().insert(group);
            } catch (AlreadyExists e) {
                throw GroupRules.duplicate(group.name());
            }
        });
        changed.groupChanged(created.id());
        return created;
    }

    /** UpdateAutoScalingGroup; a new cloud list or launch configuration is checked on every site as at create. */
    public void update(String owner, GroupUpdate update) {
        GroupRules.checkUpdate(update);
        long id = LostRaces.transaction(db, tx -> {
            Group g = tx.groups().get(owner, update.name()).orElseThrow(GroupRules::notFoundForUpdate);
            Group next = GroupRules.updated(g, update, limits.maxGroupSize());
            if (GroupRules.placementChanged(g, next)) checkPlacement(tx, next);
            tx.groups().update(next);
            return g.id();
        });
        changed.groupChanged(id);
    }

    /**
     * SetDesiredCapacity; with {@code honorCooldown} refused while the group is in its cooldown
     * (DefaultCooldown, {@link Cooldown}).
     */
    public void setDesiredCapacity(String owner, String name, int desired, boolean honorCooldown) {
        Instant now = clock.instant();
        long id = LostRaces.transaction(db, tx -> {
            Group g = require(tx, owner, name);
            if (honorCooldown) Cooldown.check(g.id(), g.name(), tx.activities().list(owner, g.name()), g.defaultCooldown(), now);
            tx.groups().update(GroupRules.resized(g, desired, limits.maxGroupSize()));
            return g.id();
        });
        changed.groupChanged(id);
    }

    /** DeleteAutoScalingGroup: at once when the group has no VM left, else marked until its VMs are gone. */
    public void delete(String owner, String name) {
        Long pending = LostRaces.transaction(db, tx -> {
            Group g = require(tx, owner, name);
            if (GroupRules.goesAtOnce(tx.instances().forGroup(g.id()))) {
                tx.groups().delete(g.id());
                return null;
            }
            if (!g.deleting()) tx.groups().update(g.markDeleting());
            return g.id();
        });
        if (pending != null) changed.groupChanged(pending);
    }

    /** CreateOrUpdateTags: the tags of each named group, all of them applied together or none. */
    public void putTags(String owner, Map<String, List<Tag>> tagsByGroup) {
        List<Long> ids = LostRaces.transaction(db, tx -> {
            List<Long> out = new ArrayList<>();
            for (Map.Entry<String, List<Tag>> e : tagsByGroup.entrySet()) {
                Group g = require(tx, owner, e.getKey());
                Group next = GroupRules.tagged(g, e.getValue(), limits.maxGroupSize());
                if (GroupRules.placementChanged(g, next)) checkPlacement(tx, next);
                tx.groups().update(next);
                out.add(g.id());
            }
            return out;
        });
        ids.forEach(changed::groupChanged);
    }

    /** DeleteTags: the keys of each named group, all of them or none; no wanted state changes. */
    public void deleteTags(String owner, Map<String, ? extends Collection<String>> keysByGroup) {
        LostRaces.transaction(db, tx -> {
            for (Map.Entry<String, ? extends Collection<String>> e : keysByGroup.entrySet()) {
                Group g = require(tx, owner, e.getKey());
                Group next = GroupRules.untagged(g, e.getValue());
                if (!next.tags().equals(g.tags())) tx.groups().update(next);
            }
            return null;
        });
    }

    /** What TerminateInstanceInAutoScalingGroup answers: the activity, and the group as it was read. */
    public record Termination(ScalingActivity activity, Group group) {
    }

    /**
     * TerminateInstanceInAutoScalingGroup: the VM is marked TERMINATING (the intent) with its
     * activity, and the reconciler terminates it; without {@code decrement} it is replaced.
     */
    public Termination terminateInstance(String owner, String instanceId, boolean decrement) {
        Instant now = clock.instant();
        Termination done = LostRaces.transaction(db, tx -> {
            Instance i = liveInstance(tx, owner, instanceId);
            Group g = tx.groups().byId(i.groupId()).orElseThrow(() -> GroupRules.instanceNotFound(instanceId));
            boolean lowers = GroupRules.lowersCount(i, decrement);
            Group after = GroupRules.terminating(g, lowers, limits.maxGroupSize());
            if (lowers) tx.groups().update(after);
            tx.instances().update(i.with(InstanceState.TERMINATING, GroupRules.USER_TERMINATION_REASON, now));
            ScalingActivity a = GroupRules.userTermination(UUID.randomUUID().toString(), after, i, g.desiredCapacity(),
                    lowers, now);
            tx.activities().insert(a);
            return new Termination(a, g);
        });
        changed.groupChanged(done.group().id());
        return done;
    }

    /** SetInstanceHealth: an Unhealthy VM is replaced by the engine; see {@link GroupRules#marksUnhealthy}. */
    public void setInstanceHealth(String owner, String instanceId, boolean healthy, boolean respectGracePeriod) {
        Instant now = clock.instant();
        Long id = LostRaces.transaction(db, tx -> {
            Instance i = liveInstance(tx, owner, instanceId);
            Group g = tx.groups().byId(i.groupId()).orElseThrow(() -> GroupRules.instanceNotFound(instanceId));
            if (!GroupRules.marksUnhealthy(g, i, healthy, respectGracePeriod, now)) return null;
            tx.instances().update(i.unhealthy(GroupRules.USER_UNHEALTHY_REASON, now));
            return g.id();
        });
        if (id != null) changed.groupChanged(id);
    }

    /** The owner's group of that name, for an action that reads it; an unknown one is refused as AWS does. */
    public Group group(String owner, String name) {
        return db.read(tx -> require(tx, owner, name));
    }

    /**
     * SetInstanceProtection: each named VM of the group protected from scale in or not, all of them
     * or none. The engine is told, since a VM no longer protected may now be taken by a scale in.
     */
    public void setInstanceProtection(String owner, String groupName, List<String> instanceIds, boolean protect) {
        Instant now = clock.instant();
        long id = LostRaces.transaction(db, tx -> {
            Group g = require(tx, owner, groupName);
            List<Instance> changes = new ArrayList<>();
            for (String instanceId : instanceIds) {
                Instance i = GroupRules.protectable(g, instanceId, tx.instances().byVisibleId(owner, instanceId));
                Instance next = GroupRules.protectedAs(i, protect, now);
                if (next != i) changes.add(next);
            }
            changes.forEach(tx.instances()::update);
            return g.id();
        });
        changed.groupChanged(id);
    }

    /**
     * SuspendProcesses ({@code processes} from {@link Processes#named}); the reconciler is rung when
     * the engine's processes changed.
     */
    public void suspendProcesses(String owner, String name, Set<ScalingProcess> processes) {
        Instant now = clock.instant();
        changeSuspensions(owner, name, g -> Processes.suspend(g, processes, now));
    }

    /** ResumeProcesses: resuming a process that is not suspended changes nothing, as AWS. */
    public void resumeProcesses(String owner, String name, Set<ScalingProcess> processes) {
        changeSuspensions(owner, name, g -> Processes.resume(g, processes));
    }

    private void changeSuspensions(String owner, String name, UnaryOperator<Group> change) {
        Long id = LostRaces.transaction(db, tx -> {
            Group g = require(tx, owner, name);
            Group next = change.apply(g);
            if (next.suspendedProcesses().equals(g.suspendedProcesses())) return null;
            tx.groups().update(next);
            return Processes.engineSees(g, next) ? g.id() : null;
        });
        if (id != null) changed.groupChanged(id);
    }

    /** EnableMetricsCollection ({@code metrics} from {@link MetricsCollection#named}). */
    public void enableMetrics(String owner, String name, Set<GroupMetric> metrics) {
        changeMetrics(owner, name, g -> MetricsCollection.enabled(g, metrics));
    }

    /** DisableMetricsCollection: fine on a group that never enabled any (Ansible calls it after every update). */
    public void disableMetrics(String owner, String name, Set<GroupMetric> metrics) {
        changeMetrics(owner, name, g -> MetricsCollection.disabled(g, metrics));
    }

    private void changeMetrics(String owner, String name, UnaryOperator<Group> change) {
        LostRaces.transaction(db, tx -> {
            Group g = require(tx, owner, name);
            Group next = change.apply(g);
            if (!next.enabledMetrics().equals(g.enabledMetrics())) tx.groups().update(next);
            return null;
        });
    }

    /**
     * EnterStandby: each named VM of the group (InService) kept out of service, all of them or none,
     * with the desired count lowered by them when {@code decrement}; one activity per VM, in the
     * order given. Without the decrement the engine launches their replacements.
     */
    public List<ScalingActivity> enterStandby(String owner, String groupName, Collection<String> instanceIds,
            boolean decrement) {
        Instant now = clock.instant();
        Moved moved = LostRaces.transaction(db, tx -> {
            Group g = require(tx, owner, groupName);
            List<Instance> vms = new ArrayList<>();
            for (String instanceId : instanceIds) {
                vms.add(Standby.enterable(g, instanceId, tx.instances().byVisibleId(owner, instanceId)));
            }
            Group after = Standby.entered(g, vms.size(), decrement, limits.maxGroupSize());
            if (after != g) tx.groups().update(after);
            List<ScalingActivity> activities = new ArrayList<>();
            for (Instance i : vms) {
                tx.instances().update(i.inStandby(true, now));
                activities.add(Standby.enteredActivity(UUID.randomUUID().toString(), after, i, g.desiredCapacity(),
                        decrement, now));
            }
            activities.forEach(tx.activities()::insert);
            return new Moved(g.id(), activities);
        });
        changed.groupChanged(moved.groupId());
        return moved.activities();
    }

    /**
     * ExitStandby: each named VM of the group (in Standby) back in service, all of them or none, with
     * the desired count raised by them; one activity per VM, in the order given.
     */
    public List<ScalingActivity> exitStandby(String owner, String groupName, Collection<String> instanceIds) {
        Instant now = clock.instant();
        Moved moved = LostRaces.transaction(db, tx -> {
            Group g = require(tx, owner, groupName);
            List<Instance> vms = new ArrayList<>();
            for (String instanceId : instanceIds) {
                vms.add(Standby.exitable(g, instanceId, tx.instances().byVisibleId(owner, instanceId)));
            }
            Group after = Standby.exited(g, vms.size(), limits.maxGroupSize());
            tx.groups().update(after);
            List<ScalingActivity> activities = new ArrayList<>();
            for (Instance i : vms) {
                tx.instances().update(i.inStandby(false, now));
                activities.add(Standby.exitedActivity(UUID.randomUUID().toString(), after, i, g.desiredCapacity(), now));
            }
            activities.forEach(tx.activities()::insert);
            return new Moved(g.id(), activities);
        });
        changed.groupChanged(moved.groupId());
        return moved.activities();
    }

    private record Moved(long groupId, List<ScalingActivity> activities) {
    }

    /** The owner's group of that name in {@code tx}, or the not-found refusal: for every service of this package. */
    static Group require(Tx tx, String owner, String name) {
        return tx.groups().get(owner, name).orElseThrow(() -> GroupRules.notFound(name));
    }

    private static Instance liveInstance(Tx tx, String owner, String instanceId) {
        return tx.instances().byVisibleId(owner, instanceId).filter(x -> x.state().live())
                .orElseThrow(() -> GroupRules.instanceNotFound(instanceId));
    }

    /** The sites of the group's cloud list, checked against the configuration and the owner's launch configurations. */
    private void checkPlacement(Tx tx, Group g) {
        Placement.check(sites, g.owner(), g.family(), tx.launchConfigurations().byFamily(g.owner(), g.family()), g.clouds());
    }
}
