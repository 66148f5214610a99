package phantom.groups;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import phantom.core.group.GroupRules;
import phantom.core.group.Processes;
import phantom.core.group.Refusal;
import phantom.core.group.ScheduleRules;
import phantom.core.group.ScheduledActionRequest;
import phantom.core.model.Group;
import phantom.core.model.ScalingProcess;
import phantom.core.model.ScheduledAction;
import phantom.store.Database;
import phantom.store.Tx;

/**
 * Every change to a group's scheduled actions, and their runs. Like {@link GroupService}, each
 * method is one transaction (run again when it loses a race) that decides with the pure rules
 * ({@link ScheduleRules}) and writes; a refused request throws {@link Refusal} and changes nothing.
 * A run applies the sizes with the rules of an UpdateAutoScalingGroup ({@link GroupRules#updated})
 * and rings the reconciler's doorbell after the commit.
 */
public final class ScheduleService {
    private final Database db;
    private final Clock clock;
    private final Limits limits;
    private final GroupChanged changed;

    public ScheduleService(Database db, Clock clock, Limits limits, GroupChanged changed) {
        this.db = db;
        this.clock = clock;
        this.limits = limits;
        this.changed = changed;
    }

    /** One entry of a Batch request that was not done: its name, the AWS error code and message. */
    public record Failed(String name, String code, String message) {
    }

    /** PutScheduledUpdateGroupAction: creates the action, or replaces the group's action of that name. */
    public void put(String owner, String groupName, ScheduledActionRequest request) {
        Instant now = clock.instant();
        LostRaces.transaction(db, tx -> {
            Group g = GroupService.require(tx, owner, groupName);
            put(tx, g, request, now);
            return null;
        });
    }

    /**
     * BatchPutScheduledUpdateGroupAction: each entry is put as by {@link #put}, or answered as failed
     * with its error; the entries that pass are stored together. An unknown group refuses the whole call.
     */
    public List<Failed> batchPut(String owner, String groupName, List<ScheduledActionRequest> requests) {
        Instant now = clock.instant();
        return LostRaces.transaction(db, tx -> {
            Group g = GroupService.require(tx, owner, groupName);
            List<Failed> failed = new ArrayList<>();
            for (ScheduledActionRequest r : requests) {
                try {
                    put(tx, g, r, now);
                } catch (Refusal e) {
                    failed.add(new Failed(r.name(), e.code().aws(), e.getMessage()));
                }
            }
            return failed;
        });
    }

    /** DeleteScheduledAction. */
    public void delete(String owner, String groupName, String name) {
        LostRaces.transaction(db, tx -> {
            Group g = GroupService.require(tx, owner, groupName);
            if (!tx.scheduledActions().delete(g.id(), name)) throw ScheduleRules.notFound();
            return null;
        });
    }

    /** BatchDeleteScheduledAction: the names the group has are deleted, the others answered as failed. */
    public List<Failed> batchDelete(String owner, String groupName, Collection<String> names) {
        return LostRaces.transaction(db, tx -> {
            Group g = GroupService.require(tx, owner, groupName);
            List<Failed> failed = new ArrayList<>();
            for (String name : names) {
                if (!tx.scheduledActions().delete(g.id(), name)) {
                    Refusal r = ScheduleRules.notFound();
                    failed.add(new Failed(name, r.code().aws(), r.getMessage()));
                }
            }
            return failed;
        });
    }

    /**
     * DescribeScheduledActions: one page of the owner's actions (at most {@code limit + 1}, the extra
     * one saying there is a next page), by group name then name, after the given key. With names,
     * the time filters are ignored, as AWS does.
     */
    public List<ScheduledAction> describe(String owner, String groupName, List<String> names, Instant from, Instant to,
            String afterGroup, String afterName, int limit) {
        boolean named = names != null;
        return db.read(tx -> tx.scheduledActions().page(owner, groupName, names, named ? null : from, named ? null : to,
                afterGroup, afterName, limit));
    }

    /** The actions due by now, for the scheduler (which then runs each whose group this node owns). */
    public List<ScheduledAction> due() {
        Instant now = clock.instant();
        return db.read(tx -> tx.scheduledActions().dueBy(now));
    }

    /** The uuid of a group, for the scheduler's ownership check; empty once the group is gone. */
    public Optional<String> groupUuid(long groupId) {
        return db.read(tx -> tx.scheduledActions().groupUuid(groupId));
    }

    /** What a {@link #run} did. */
    public enum Ran {
        /** The sizes were applied (or refused, with a Failed activity). */
        APPLIED,
        /** The run was missed by more than {@link ScheduleRules#MISSED_RUN_WINDOW}: not applied, moved on. */
        SKIPPED,
        /** The group's ScheduledActions process is suspended: not applied, moved on. */
        SUSPENDED,
        /** Nothing: the action changed, went or is not due (another node or run got there first). */
        NOTHING
    }

    /**
     * Runs the group's action {@code name} if it is due at the clock's now: applies its sizes as an
     * UpdateAutoScalingGroup with its activity, then moves it to its next run or deletes it (a
     * one-time action). {@code fence} is called first in the transaction (the cluster's lease).
     */
    public Ran run(long groupId, String name, Consumer<Tx> fence) {
        Instant now = clock.instant();
        record Outcome(Ran ran, long changedGroup) {
        }
        Outcome o = LostRaces.transaction(db, tx -> {
            fence.accept(tx);
            ScheduledAction a = tx.scheduledActions().get(groupId, name).orElse(null);
            if (a == null) return new Outcome(Ran.NOTHING, -1);
            ScheduleRules.Due due = ScheduleRules.due(a, now);
            if (due == ScheduleRules.Due.WAIT) return new Outcome(Ran.NOTHING, -1);
            Group g = tx.groups().byId(groupId).orElse(null);
            if (g == null || g.deleting()) return new Outcome(Ran.NOTHING, -1);
            Ran ran;
            long changedGroup = -1;
            if (due == ScheduleRules.Due.SKIP) {
                ran = Ran.SKIPPED;
            } else if (scheduledActionsSuspended(g)) {
                ran = Ran.SUSPENDED;
            } else {
                ran = Ran.APPLIED;
                String activity = UUID.randomUUID().toString();
                try {
                    Group next = GroupRules.updated(g, ScheduleRules.update(a), limits.maxGroupSize());
                    tx.groups().update(next);
                    tx.activities().insert(ScheduleRules.ran(activity, a, g, next, now));
                    changedGroup = g.id();
                } catch (Refusal r) {
                    tx.activities().insert(ScheduleRules.refused(activity, a, g, r, now));
                }
            }
            Optional<ScheduledAction> after = ScheduleRules.afterRun(a, now);
            if (after.isPresent()) tx.scheduledActions().put(after.get());
            else tx.scheduledActions().delete(groupId, name);
            return new Outcome(ran, changedGroup);
        });
        if (o.changedGroup() >= 0) changed.groupChanged(o.changedGroup());
        return o.ran();
    }

    /**
     * The one place where a suspended ScheduledActions process stops a run: as on AWS, an action due
     * while it is suspended is not applied, and moves on to its next run (a one-time action goes).
     */
    static boolean scheduledActionsSuspended(Group g) {
        return Processes.suspended(g, ScalingProcess.SCHEDULED_ACTIONS);
    }

    private void put(Tx tx, Group g, ScheduledActionRequest r, Instant now) {
        Optional<ScheduledAction> old = tx.scheduledActions().get(g.id(), r.name());
        if (old.isEmpty() && tx.scheduledActions().count(g.id()) >= ScheduleRules.MAX_PER_GROUP) throw ScheduleRules.tooMany();
        String uuid = old.map(ScheduledAction::uuid).orElseGet(() -> UUID.randomUUID().toString());
        tx.scheduledActions().put(ScheduleRules.put(g, r, old, uuid, now));
    }
}
