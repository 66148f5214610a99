package phantom.groups;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import phantom.core.group.Cooldown;
import phantom.core.group.GroupRules;
import phantom.core.group.NewPolicy;
import phantom.core.group.PolicyRules;
import phantom.core.model.Group;
import phantom.core.model.ScalingPolicy;
import phantom.store.Database;
import phantom.store.Tx;

/**
 * Every change to a scaling policy, and every execution of one, in one place: the policies'
 * aggregate beside {@link GroupService}. Each method runs in one transaction (again when it loses
 * a race, {@link LostRaces}), decides with the pure {@link PolicyRules}, writes, and after an
 * execution that changed a group rings the reconciler's doorbell. A refusal changes nothing.
 */
public final class PolicyService {
    private final Database db;
    private final Clock clock;
    private final Limits limits;
    private final GroupChanged changed;

    public PolicyService(Database db, Clock clock, Limits limits, GroupChanged changed) {
        this.db = db;
        this.clock = clock;
        this.limits = limits;
        this.changed = changed;
    }

    /** Names a policy: by its ARN's uuid, or by its group and name. */
    public record PolicyRef(String groupName, String name, String uuid, String given) {
        public static PolicyRef byArn(String uuid, String arn) {
            return new PolicyRef(null, null, uuid, arn);
        }

        public static PolicyRef byName(String groupName, String name) {
            return new PolicyRef(groupName, name, null, name);
        }
    }

    /** PutScalingPolicy: the policy as stored; one of an existing name is replaced and keeps its ARN. */
    public ScalingPolicy put(String owner, NewPolicy request) {
        Instant now = clock.instant();
        return LostRaces.transaction(db, tx -> {
            Group g = GroupService.require(tx, owner, request.groupName());
            var existing = tx.policies().get(g.id(), request.name());
            if (existing.isEmpty() && tx.policies().count(g.id()) >= PolicyRules.MAX_POLICIES_PER_GROUP) {
                throw PolicyRules.tooMany(g.name());
            }
            String uuid = existing.map(ScalingPolicy::uuid).orElseGet(() -> UUID.randomUUID().toString());
            ScalingPolicy p = PolicyRules.put(g, request, uuid, now);
            // the group's next version: a put racing another put (the count, the name) or the group's
            // deletion loses with ConcurrentUpdate and runs again on what won
            tx.groups().update(g);
            tx.policies().put(p);
            return p;
        });
    }

    /**
     * ExecutePolicy: the group's desired capacity moved as the policy says, with its activity. With
     * {@code honorCooldown} a simple policy is refused while its group is in its cooldown.
     */
    public void execute(String owner, PolicyRef ref, boolean honorCooldown, Double metricValue, Double breachThreshold) {
        Instant now = clock.instant();
        Long id = LostRaces.transaction(db, tx -> {
            ScalingPolicy p = policy(tx, owner, ref);
            Group g = tx.groups().byId(p.groupId()).orElseThrow(() -> GroupRules.notFound(p.groupName()));
            PolicyRules.Execution e = PolicyRules.executed(g, p, metricValue, breachThreshold, UUID.randomUUID().toString(), now,
                    limits.maxGroupSize());
            Integer cooldown = PolicyRules.cooldownSeconds(g, p);
            if (honorCooldown && cooldown != null) {
                Cooldown.check(g.id(), g.name(), tx.activities().list(owner, g.name()), cooldown, now);
            }
            if (e.activity() == null) return null;
            tx.groups().update(e.group());
            tx.activities().insert(e.activity());
            return g.id();
        });
        if (id != null) changed.groupChanged(id);
    }

    /** DescribePolicies' policies, before paging: the owner's, of one group when {@code groupName} is not null. */
    public List<ScalingPolicy> list(String owner, String groupName) {
        return db.read(tx -> tx.policies().list(owner, groupName));
    }

    /** DeletePolicy. */
    public void delete(String owner, PolicyRef ref) {
        LostRaces.transaction(db, tx -> {
            ScalingPolicy p = policy(tx, owner, ref);
            tx.policies().delete(p.groupId(), p.name());
            return null;
        });
    }

    private static ScalingPolicy policy(Tx tx, String owner, PolicyRef ref) {
        if (ref.uuid() != null) return tx.policies().byUuid(owner, ref.uuid()).orElseThrow(() -> PolicyRules.arnNotFound(ref.given()));
        if (ref.groupName() == null) throw PolicyRules.groupNeeded(ref.name());
        Group g = GroupService.require(tx, owner, ref.groupName());
        return tx.policies().get(g.id(), ref.name()).orElseThrow(() -> PolicyRules.notFound(g.name(), ref.name()));
    }
}
