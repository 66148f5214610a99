package phantom.core.group;

import static phantom.core.model.Group.CLOUDS_TAG;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.ScalingActivity;
import phantom.core.model.SitePreference;
import phantom.core.model.Tag;
import phantom.core.text.AwsTime;

/**
 * The rules of a group (docs/design.md, "Groups"; docs/api.md): one method per change a request
 * makes, each taking the group as stored (or the request) and returning the group as it must be
 * stored, or refusing with a {@link Refusal} that says what to fix. Pure: no store, no clock, no
 * randomness; the sizing rules are in {@link Sizes}, the Phantom tags in {@link PhantomTags}, the
 * cloud list in {@link Placement}. {@code phantom.groups.GroupService} applies them in transactions.
 */
public final class GroupRules {
    /** Tags per group, AWS's limit. */
    public static final int MAX_TAGS = 50;
    /** AWS's defaults for what a create request leaves out. */
    static final int DEFAULT_COOLDOWN = 300;
    static final String DEFAULT_HEALTH_CHECK_TYPE = "EC2";
    static final List<String> DEFAULT_TERMINATION_POLICIES = List.of("Default");

    private GroupRules() {
    }

    /**
     * The group a CreateAutoScalingGroup request makes, checked as docs/design.md's "Resolution
     * rules" say, except the sites themselves ({@link Placement#check}, which needs the store).
     *
     * @param limit the largest desired count of one group
     */
    public static Group created(String owner, NewGroup r, String uuid, Instant now, int limit) {
        requireFamily(r.launchConfigurationName());
        List<Tag> tags = r.tags();
        if (tags.size() > MAX_TAGS) throw Refusal.limitExceeded("A group can have at most " + MAX_TAGS + " tags.");
        PhantomTags.checkDefinition(tags);
        Optional<Integer> count = PhantomTags.count(tags, limit);
        Integer given = r.desiredCapacity();
        if (count.isPresent() && given != null && !count.get().equals(given)) {
            throw Refusal.validation("DesiredCapacity " + given + " disagrees with the " + PhantomTags.countTag(tags)
                    + " tag (" + count.get() + "): give one of them, or make them equal.");
        }
        int desired = count.orElse(given != null ? given : r.minSize());
        Sizes.check(r.minSize(), r.maxSize(), desired, limit);
        List<SitePreference> clouds = Placement.resolve(tags, r.availabilityZones(), r.launchConfigurationName());
        GroupSettings s = r.settings();
        s.check();
        return Group.builder()
                .owner(owner)
                .name(r.name())
                .uuid(uuid)
                .launchConfigurationName(r.launchConfigurationName())
                .sizes(r.minSize(), r.maxSize(), desired)
                .defaultCooldown(s.defaultCooldown() == null ? DEFAULT_COOLDOWN : s.defaultCooldown())
                .healthCheckType(s.healthCheckType() == null ? DEFAULT_HEALTH_CHECK_TYPE : s.healthCheckType())
                .healthCheckGracePeriod(s.healthCheckGracePeriod() == null ? 0 : s.healthCheckGracePeriod())
                .clouds(clouds)
                .phantom(PhantomTags.isPhantom(tags))
                .tags(tags)
                .terminationPolicies(s.policiesGiven() ? s.terminationPolicies() : DEFAULT_TERMINATION_POLICIES)
                .loadBalancerNames(r.loadBalancerNames())
                .targetGroupArns(r.targetGroupArns())
                .vpcZoneIdentifier(s.vpcZoneIdentifier())
                .placementGroup(s.placementGroup())
                .newInstancesProtectedFromScaleIn(Boolean.TRUE.equals(s.newInstancesProtectedFromScaleIn()))
                .capacityRebalance(Boolean.TRUE.equals(s.capacityRebalance()))
                .maxInstanceLifetime(s.maxInstanceLifetime())
                .createdTime(now)
                .build();
    }

    /** What an UpdateAutoScalingGroup request must satisfy on its own, before its group is read. */
    public static void checkUpdate(GroupUpdate u) {
        if (u.launchConfigurationName() != null) requireFamily(u.launchConfigurationName());
        u.settings().check();
    }

    /**
     * The group after an UpdateAutoScalingGroup: only what was given changes, with AWS's size rules
     * (a new MinSize above the count raises it, a new MaxSize below lowers it, an explicit
     * DesiredCapacity must fit). A group with the {@code clouds} tag keeps its cloud list (boto 2
     * re-sends AvailabilityZones); otherwise new AvailabilityZones become the cloud list.
     */
    public static Group updated(Group g, GroupUpdate u, int limit) {
        requireLive(g);
        int min = u.minSize() != null ? u.minSize() : g.minSize();
        int max = u.maxSize() != null ? u.maxSize() : g.maxSize();
        Sizes.checkBounds(min, max);
        int desired = u.desiredCapacity() != null ? u.desiredCapacity() : Math.min(Math.max(g.desiredCapacity(), min), max);
        Sizes.check(min, max, desired, limit);
        List<SitePreference> clouds = g.clouds();
        if (u.availabilityZones() != null && !u.availabilityZones().isEmpty() && g.tag(CLOUDS_TAG).isEmpty()) {
            clouds = Placement.zones(u.availabilityZones());
        }
        GroupSettings s = u.settings();
        return g.toBuilder()
                .launchConfigurationName(u.launchConfigurationName() != null ? u.launchConfigurationName() : g.launchConfigurationName())
                .sizes(min, max, desired)
                .defaultCooldown(s.defaultCooldown() != null ? s.defaultCooldown() : g.defaultCooldown())
                .healthCheckType(s.healthCheckType() != null ? s.healthCheckType() : g.healthCheckType())
                .healthCheckGracePeriod(s.healthCheckGracePeriod() != null ? s.healthCheckGracePeriod() : g.healthCheckGracePeriod())
                .clouds(clouds)
                .terminationPolicies(s.policiesGiven() ? s.terminationPolicies() : g.terminationPolicies())
                .vpcZoneIdentifier(s.vpcZoneIdentifier() != null ? s.vpcZoneIdentifier() : g.vpcZoneIdentifier())
                .placementGroup(s.placementGroup() != null ? (s.placementGroup().isEmpty() ? null : s.placementGroup())
                        : g.placementGroup())
                .newInstancesProtectedFromScaleIn(s.newInstancesProtectedFromScaleIn() != null
                        ? s.newInstancesProtectedFromScaleIn() : g.newInstancesProtectedFromScaleIn())
                .capacityRebalance(s.capacityRebalance() != null ? s.capacityRebalance() : g.capacityRebalance())
                .maxInstanceLifetime(s.maxInstanceLifetime() != null ? s.maxInstanceLifetime() : g.maxInstanceLifetime())
                .build();
    }

    /**
     * The group after SetDesiredCapacity n: on a Phantom group any 0..limit, the bound it crosses
     * moving to n; on a plain group AWS's bounds rule.
     */
    public static Group resized(Group g, int n, int limit) {
        requireLive(g);
        return Sizes.resized(g, n, limit);
    }

    /**
     * The group after CreateOrUpdateTags: the tags merged in by key, and a new {@code clouds} or
     * {@code n_preserve} applied as at create (a count through {@link #resized}); a group given a
     * Phantom tag becomes a Phantom group.
     */
    public static Group tagged(Group g, List<Tag> update, int limit) {
        requireLive(g);
        List<Tag> merged = new ArrayList<>(g.tags());
        for (Tag t : update) {
            int at = indexOf(merged, t.key());
            if (at >= 0) merged.set(at, t);
            else merged.add(t);
        }
        if (merged.size() > MAX_TAGS) {
            throw Refusal.limitExceeded("A group can have at most " + MAX_TAGS + " tags; " + g.name() + " would have "
                    + merged.size() + ".");
        }
        PhantomTags.checkDefinition(merged);
        List<SitePreference> clouds = PhantomTags.clouds(update).orElse(g.clouds());
        Optional<Integer> count = PhantomTags.count(update, limit);
        Group next = g.toBuilder().clouds(clouds).phantom(g.phantom() || PhantomTags.isPhantom(merged)).tags(merged).build();
        return count.isPresent() ? Sizes.resized(next, count.get(), limit) : next;
    }

    /**
     * The group after DeleteTags of {@code keys}. The tags that place a Phantom group's VMs
     * ({@code clouds}, {@code PHANTOM_DEFINITION}) cannot be deleted from it; deleting
     * {@code n_preserve} keeps the count.
     */
    public static Group untagged(Group g, Collection<String> keys) {
        for (String key : keys) {
            if (g.phantom() && PhantomTags.placesVms(key)) {
                throw Refusal.validation("Tag " + key + " drives the placement of group " + g.name()
                        + " and cannot be deleted; change its value with CreateOrUpdateTags instead.");
            }
        }
        return g.toBuilder().tags(g.tags().stream().filter(t -> !keys.contains(t.key())).toList()).build();
    }

    /**
     * The group when a user terminates one of its VMs: the same group, or with
     * {@code decrement} one VM fewer wanted (a plain group not below its MinSize).
     */
    public static Group terminating(Group g, boolean decrement, int limit) {
        requireLive(g);
        return decrement ? Sizes.decremented(g, limit) : g;
    }

    /**
     * Whether terminating {@code i} lowers the group's desired count: when asked, unless the VM is in
     * standby, which the count already leaves out (docs/api.md, "Standby").
     */
    public static boolean lowersCount(Instance i, boolean decrement) {
        return decrement && !i.standby();
    }

    /** The scaling activity of a user's termination of {@code i}, {@code before} the group's count before it. */
    public static ScalingActivity userTermination(String activityId, Group after, Instance i, int before, boolean decrement,
            Instant now) {
        String cause = "At " + AwsTime.format(now) + " instance " + i.visibleId() + " was taken out of service in response "
                + "to a user request" + (decrement ? ", shrinking the capacity from " + before + " to "
                + after.desiredCapacity() + "." : ".");
        return new ScalingActivity(activityId, after.id(), after.owner(), after.name(), "Terminating EC2 instance: "
                + i.visibleId(), cause, now, null, ActivityStatus.InProgress, null, 0,
                "{\"Availability Zone\":\"" + i.site() + "\"}");
    }

    /** The reason a VM terminated by its user carries. */
    public static final String USER_TERMINATION_REASON = "taken out of service in response to a user request";

    /** The reason a VM a user marked unhealthy carries. */
    public static final String USER_UNHEALTHY_REASON = "marked Unhealthy by a user request (SetInstanceHealth)";

    /**
     * True when a user's health report marks {@code i} unhealthy: only an Unhealthy report (Healthy
     * revives nothing), about a VM still healthy, and (with {@code respectGracePeriod}) made after the
     * group's HealthCheckGracePeriod from the VM's launch.
     */
    public static boolean marksUnhealthy(Group g, Instance i, boolean reportedHealthy, boolean respectGracePeriod,
            Instant now) {
        if (reportedHealthy || !i.healthy()) return false;
        boolean inGrace = now.isBefore(i.createdTime().plus(Duration.ofSeconds(g.healthCheckGracePeriod())));
        return !(respectGracePeriod && inGrace);
    }

    /** The most instance ids one SetInstanceProtection takes, AWS's limit. */
    public static final int MAX_PROTECTION_IDS = 50;

    /**
     * The instance of group {@code g} that SetInstanceProtection may set, as the store found it by
     * the id the user gave: a VM of that group that is not finished or terminating.
     *
     * @param found the owner's instance known by {@code instanceId}, if any
     */
    public static Instance protectable(Group g, String instanceId, Optional<Instance> found) {
        requireLive(g);
        return found.filter(i -> i.groupId() == g.id() && i.state().live())
                .orElseThrow(() -> notInGroup(instanceId, g.name()));
    }

    /** The instance with its scale-in protection as asked; the same object when it already is. */
    public static Instance protectedAs(Instance i, boolean protect, Instant now) {
        return i.protectedFromScaleIn() == protect ? i : i.withProtection(protect, now);
    }

    public static Refusal notInGroup(String instanceId, String groupName) {
        return Refusal.validation("The instance " + instanceId + " is not part of Auto Scaling group " + groupName + ".");
    }

    /** A group whose VMs are all gone is deleted at once; otherwise it is marked and goes with its last VM. */
    public static boolean goesAtOnce(List<Instance> instances) {
        return instances.stream().allMatch(i -> i.state().finished());
    }

    /** True when {@code after} runs on other sites or another family than {@code before}: its sites are checked again. */
    public static boolean placementChanged(Group before, Group after) {
        return !after.clouds().equals(before.clouds()) || !Objects.equals(after.family(), before.family());
    }

    /** A group being deleted takes no change but DeleteTags and another delete. */
    public static void requireLive(Group g) {
        if (g.deleting()) throw beingDeleted(g.name());
    }

    public static Refusal beingDeleted(String name) {
        return Refusal.validation("AutoScalingGroup '" + name + "' is being deleted.");
    }

    public static Refusal notFound(String name) {
        return Refusal.validation("AutoScalingGroup name not found - AutoScalingGroup '" + name + "' not found");
    }

    /** UpdateAutoScalingGroup's not-found message, as AWS words it. */
    public static Refusal notFoundForUpdate() {
        return Refusal.validation("AutoScalingGroup name not found - null");
    }

    public static Refusal instanceNotFound(String instanceId) {
        return Refusal.validation("Instance Id not found - No managed instance found for instance ID: " + instanceId);
    }

    public static Refusal duplicate(String name) {
        return Refusal.alreadyExists("AutoScalingGroup by this name already exists - A group with the name " + name
                + " already exists");
    }

    public static Refusal tooManyGroups(int maxGroups) {
        return Refusal.limitExceeded("Max number of auto scaling groups reached (" + maxGroups
                + "): delete some before creating more.");
    }

    private static void requireFamily(String launchConfigurationName) {
        if (LaunchConfiguration.familyOf(launchConfigurationName).isEmpty()) {
            throw Refusal.validation("LaunchConfigurationName '" + launchConfigurationName + "' has no family before the '@'.");
        }
    }

    private static int indexOf(List<Tag> tags, String key) {
        for (int i = 0; i < tags.size(); i++) if (tags.get(i).key().equals(key)) return i;
        return -1;
    }
}
