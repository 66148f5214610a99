package phantom.core.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.ScalingActivity;
import phantom.core.model.SitePreference;
import phantom.core.model.Tag;

/** The group rules as pure functions: what each change makes of a group, and what each refusal says. */
class GroupRulesTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123Z");
    private static final int LIMIT = 1000;
    private static final Tag DEFINITION = new Tag("PHANTOM_DEFINITION", "error_overflow_n_preserving", false);

    private static NewGroup request(String lc, int min, int max, Integer desired, List<String> zones, Tag... tags) {
        return new NewGroup("web", lc, min, max, desired, zones, List.of(tags), null, null, GroupSettings.NONE);
    }

    private static Group create(NewGroup r) {
        return GroupRules.created("alice", r, "0000abcd-0000-4000-8000-000000000001", NOW, LIMIT);
    }

    /** A stored Phantom group: clouds hotel:2,sierra:-1, n_preserve 3 (min = max = 3). */
    private static Group phantom() {
        return create(request("web", 3, 3, null, null, DEFINITION, new Tag("clouds", "hotel:2,sierra:-1", false),
                new Tag("n_preserve", "3", true))).toBuilder().id(7).version(2).build();
    }

    /** A stored plain group on hotel: min 1, max 4, desired 2. */
    private static Group plain() {
        return create(request("web@hotel", 1, 4, 2, null, new Tag("team", "red", true))).toBuilder().id(8).version(1).build();
    }

    private static void refused(Supplier<?> change, Refusal.Code code, String message) {
        assertThatThrownBy(change::get).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.code()).isEqualTo(code);
            assertThat(r.getMessage()).isEqualTo(message);
        });
    }

    private static void refused(Supplier<?> change, String messageStart) {
        assertThatThrownBy(change::get).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.code()).isEqualTo(Refusal.Code.VALIDATION_ERROR);
            assertThat(r.getMessage()).startsWith(messageStart);
        });
    }

    @Test
    void aCreatedGroupHasAwsDefaultsAndItsTagsShowItsCloudsAndCount() {
        Group g = create(request("web", 0, 5, null, null, DEFINITION, new Tag("clouds", " hotel:2 , sierra:-1", false),
                new Tag("n_preserve", " 4 ", true)));
        assertThat(g.phantom()).isTrue();
        assertThat(g.desiredCapacity()).isEqualTo(4);
        assertThat(g.clouds()).containsExactly(new SitePreference("hotel", 2), new SitePreference("sierra", -1));
        assertThat(g.availabilityZones()).containsExactly("hotel", "sierra");
        assertThat(g.tags()).containsExactly(DEFINITION, new Tag("clouds", "hotel:2,sierra:-1", false),
                new Tag("n_preserve", "4", true));
        assertThat(g.defaultCooldown()).isEqualTo(300);
        assertThat(g.healthCheckType()).isEqualTo("EC2");
        assertThat(g.healthCheckGracePeriod()).isZero();
        assertThat(g.terminationPolicies()).containsExactly("Default");
        assertThat(g.loadBalancerNames()).isEmpty();
        assertThat(g.createdTime()).isEqualTo(NOW);
        assertThat(g.uuid()).isEqualTo("0000abcd-0000-4000-8000-000000000001");
        assertThat(g.deleting()).isFalse();
    }

    @Test
    void theDesiredCountIsNPreserveElseDesiredCapacityElseMinSize() {
        assertThat(create(request("web@hotel", 1, 9, null, null, new Tag("minimum_vms", "6", false))).desiredCapacity()).isEqualTo(6);
        assertThat(create(request("web@hotel", 1, 9, 5, null)).desiredCapacity()).isEqualTo(5);
        assertThat(create(request("web@hotel", 2, 9, null, null)).desiredCapacity()).isEqualTo(2);
        assertThat(create(request("web@hotel", 1, 9, 6, null, new Tag("n_preserve", "6", false))).desiredCapacity()).isEqualTo(6);
        refused(() -> create(request("web@hotel", 1, 9, 5, null, new Tag("n_preserve", "6", false))), Refusal.Code.VALIDATION_ERROR,
                "DesiredCapacity 5 disagrees with the n_preserve tag (6): give one of them, or make them equal.");
        refused(() -> create(request("web@hotel", 1, 9, 5, null, new Tag("minimum_vms", "6", false))), Refusal.Code.VALIDATION_ERROR,
                "DesiredCapacity 5 disagrees with the minimum_vms tag (6): give one of them, or make them equal.");
        refused(() -> create(request("web@hotel", 1, 9, null, null, new Tag("n_preserve", "2", false),
                new Tag("minimum_vms", "3", false))), Refusal.Code.VALIDATION_ERROR,
                "Tags n_preserve (2) and minimum_vms (3) disagree: they are two names for the same count, give one.");
        refused(() -> create(request("web@hotel", 1, 9, null, null, new Tag("n_preserve", "four", false))),
                "Tag n_preserve must be a whole number of VMs (for example n_preserve=4), got 'four'.");
        refused(() -> create(request("web@hotel", 0, 9, null, null, new Tag("n_preserve", "1001", false))),
                "Tag n_preserve must be between 0 and 1000, got 1001.");
    }

    @Test
    void theSizesFollowAwsRulesAndMessages() {
        refused(() -> create(request("web@hotel", -1, 2, null, null)), Refusal.Code.VALIDATION_ERROR,
                "1 validation error detected: Value '-1' at 'MinSize' failed to satisfy constraint: Member must be >= 0");
        refused(() -> create(request("web@hotel", 0, -2, null, null)), Refusal.Code.VALIDATION_ERROR,
                "1 validation error detected: Value '-2' at 'MaxSize' failed to satisfy constraint: Member must be >= 0");
        refused(() -> create(request("web@hotel", 3, 1, null, null)), Refusal.Code.VALIDATION_ERROR,
                "Max bound, 1, must be greater than or equal to min bound, 3");
        refused(() -> create(request("web@hotel", 1, 3, 4, null)), Refusal.Code.VALIDATION_ERROR,
                "Desired capacity:4 must be between the specified min size:1 and max size:3");
        refused(() -> create(request("web@hotel", 0, 1001, null, null)), Refusal.Code.VALIDATION_ERROR,
                "MaxSize 1001 is above this service's limit of 1000 VMs per group.");
    }

    @Test
    void theCloudListIsTheCloudsTagElseTheZonesElseTheLaunchConfigurationsSite() {
        assertThat(create(request("web@hotel", 0, 1, null, List.of("sierra"), new Tag("clouds", "foxtrot:1", false))).clouds())
                .containsExactly(new SitePreference("foxtrot", 1));
        assertThat(create(request("web@hotel", 0, 1, null, List.of("sierra", "alamo"))).clouds())
                .containsExactly(new SitePreference("sierra", -1), new SitePreference("alamo", -1));
        assertThat(create(request("web@hotel", 0, 1, null, null)).clouds()).containsExactly(new SitePreference("hotel", -1));
        refused(() -> create(request("web", 0, 1, null, List.of())), "Phantom needs to know which clouds this group runs on.");
        refused(() -> create(request("web", 0, 1, null, List.of("hotel", "hotel"))), Refusal.Code.VALIDATION_ERROR,
                "AvailabilityZones names site 'hotel' more than once.");
        // a blank site is refused, not taken for a site (it was an internal error before)
        refused(() -> create(request("web", 0, 1, null, List.of("hotel", " "))), Refusal.Code.VALIDATION_ERROR,
                "AvailabilityZones names a site ' ' that is blank: give site names.");
        refused(() -> create(request("web@", 0, 1, null, null)), "Phantom needs to know which clouds this group runs on.");
        refused(() -> create(request("web", 0, 1, null, null, new Tag("clouds", "hotel:2;sierra:-1", false))),
                "Tag clouds 'hotel:2;sierra:-1' is not a list of site:max");
        refused(() -> create(request("web", 0, 1, null, null, new Tag("clouds", "hotel=2", false))),
                "Tag clouds: clouds entry 'hotel=2' is not site:max");
    }

    @Test
    void aCreateRequestIsCheckedOnItsOwnFirst() {
        refused(() -> create(request("@hotel", 0, 1, null, null)), Refusal.Code.VALIDATION_ERROR,
                "LaunchConfigurationName '@hotel' has no family before the '@'.");
        Tag[] tags = new Tag[51];
        for (int i = 0; i < tags.length; i++) tags[i] = new Tag("k" + i, "v", false);
        refused(() -> create(request("web@hotel", 0, 1, null, null, tags)), Refusal.Code.LIMIT_EXCEEDED,
                "A group can have at most 50 tags.");
        refused(() -> create(request("web@hotel", 0, 1, null, null, new Tag("PHANTOM_DEFINITION", "error_overflow_n_preserve", false))),
                Refusal.Code.VALIDATION_ERROR, "Tag PHANTOM_DEFINITION has the unknown definition 'error_overflow_n_preserve'"
                        + " (did you mean 'error_overflow_n_preserving'?). Accepted definitions: error_overflow_n_preserving.");
    }

    @Test
    void theSettingsFollowAwsRules() {
        record Case(GroupSettings settings, String message) {
        }
        List<Case> cases = List.of(
                new Case(new GroupSettings(-1, null, null, null, null, null, null, null, null),
                        "1 validation error detected: Value '-1' at 'DefaultCooldown' failed to satisfy constraint: Member must be >= 0"),
                new Case(new GroupSettings(null, -5, null, null, null, null, null, null, null),
                        "1 validation error detected: Value '-5' at 'HealthCheckGracePeriod' failed to satisfy constraint: Member must be >= 0"),
                new Case(new GroupSettings(null, null, "EBS", null, null, null, null, null, null),
                        "1 validation error detected: Value 'EBS' at 'HealthCheckType' failed to satisfy constraint: Member must be EC2 or ELB"),
                new Case(new GroupSettings(null, null, null, 3600, null, null, null, null, null),
                        "MaxInstanceLifetime must be 0 or at least 86400 seconds (one day)."),
                new Case(new GroupSettings(null, null, null, null, List.of("OldestInstance", "Oldest"), null, null, null, null),
                        "Termination policy 'Oldest' is not valid. Valid termination policies are: AllocationStrategy,"
                                + " ClosestToNextInstanceHour, Default, NewestInstance, OldestInstance,"
                                + " OldestLaunchConfiguration, OldestLaunchTemplate."),
                new Case(new GroupSettings(null, null, null, null, List.of("default"), null, null, null, null),
                        "Termination policy 'default' is not valid. Valid termination policies are: AllocationStrategy,"
                                + " ClosestToNextInstanceHour, Default, NewestInstance, OldestInstance,"
                                + " OldestLaunchConfiguration, OldestLaunchTemplate."),
                new Case(new GroupSettings(null, null, null, null,
                        List.of("arn:aws:lambda:us-west-2:123456789012:function:pick"), null, null, null, null),
                        "Termination policy 'arn:aws:lambda:us-west-2:123456789012:function:pick' is a custom termination"
                                + " policy (a Lambda function), which Phantom does not support. Valid termination policies"
                                + " are: AllocationStrategy, ClosestToNextInstanceHour, Default, NewestInstance,"
                                + " OldestInstance, OldestLaunchConfiguration, OldestLaunchTemplate."));
        for (Case c : cases) {
            NewGroup r = new NewGroup("web", "web@hotel", 0, 1, null, null, List.of(), null, null, c.settings());
            refused(() -> create(r), Refusal.Code.VALIDATION_ERROR, c.message());
            refused(() -> {
                GroupRules.checkUpdate(new GroupUpdate("web", null, null, null, null, null, c.settings()));
                return null;
            }, Refusal.Code.VALIDATION_ERROR, c.message());
        }
        GroupSettings given = new GroupSettings(60, 30, "ELB", 0, List.of("OldestInstance"), "subnet-1", "pg-1", true, true);
        Group g = create(new NewGroup("web", "web@hotel", 0, 1, null, null, List.of(), List.of("lb"), List.of("arn:tg"), given));
        assertThat(List.of(g.defaultCooldown(), g.healthCheckGracePeriod(), g.healthCheckType(), g.maxInstanceLifetime(),
                g.terminationPolicies(), g.vpcZoneIdentifier(), g.placementGroup(), g.newInstancesProtectedFromScaleIn(),
                g.capacityRebalance(), g.loadBalancerNames(), g.targetGroupArns()))
                .containsExactly(60, 30, "ELB", 0, List.of("OldestInstance"), "subnet-1", "pg-1", true, true, List.of("lb"),
                        List.of("arn:tg"));
    }

    private static GroupUpdate update(Integer min, Integer max, Integer desired, List<String> zones) {
        return new GroupUpdate("web", null, min, max, desired, zones, GroupSettings.NONE);
    }

    @Test
    void anUpdateMovesTheCountIntoNewBoundsAndAnExplicitCountMustFit() {
        Group g = plain(); // 1..4, desired 2
        assertThat(GroupRules.updated(g, update(3, null, null, null), LIMIT).desiredCapacity()).isEqualTo(3);
        assertThat(GroupRules.updated(g, update(0, 1, null, null), LIMIT).desiredCapacity()).isEqualTo(1);
        Group next = GroupRules.updated(g, update(null, 8, 7, null), LIMIT);
        assertThat(List.of(next.minSize(), next.maxSize(), next.desiredCapacity())).containsExactly(1, 8, 7);
        assertThat(next.version()).as("the version it was read at, for the store's check").isEqualTo(g.version());
        refused(() -> GroupRules.updated(g, update(5, null, null, null), LIMIT), Refusal.Code.VALIDATION_ERROR,
                "Max bound, 4, must be greater than or equal to min bound, 5");
        refused(() -> GroupRules.updated(g, update(-1, -2, null, null), LIMIT), Refusal.Code.VALIDATION_ERROR,
                "Max bound, -2, must be greater than or equal to min bound, -1");
        refused(() -> GroupRules.updated(g, update(null, null, 9, null), LIMIT), Refusal.Code.VALIDATION_ERROR,
                "Desired capacity:9 must be between the specified min size:1 and max size:4");
        refused(() -> GroupRules.updated(g, update(null, 2000, null, null), LIMIT), Refusal.Code.VALIDATION_ERROR,
                "MaxSize 2000 is above this service's limit of 1000 VMs per group.");
    }

    @Test
    void anUpdateChangesOnlyWhatWasGivenAndTheCloudsTagKeepsItsCloudList() {
        Group p = phantom();
        Group same = GroupRules.updated(p, update(null, null, null, List.of("alamo")), LIMIT);
        assertThat(same).as("boto 2 re-sends AvailabilityZones; the clouds tag wins").isEqualTo(p);
        Group g = plain();
        Group moved = GroupRules.updated(g, update(null, null, null, List.of("sierra", "hotel")), LIMIT);
        assertThat(moved.clouds()).containsExactly(new SitePreference("sierra", -1), new SitePreference("hotel", -1));
        assertThat(GroupRules.placementChanged(g, moved)).isTrue();
        Group settings = GroupRules.updated(g, new GroupUpdate("web", "db@hotel", null, null, null, null,
                new GroupSettings(10, null, null, null, List.of(), null, "", false, null)), LIMIT);
        assertThat(settings.launchConfigurationName()).isEqualTo("db@hotel");
        assertThat(GroupRules.placementChanged(g, settings)).as("another family").isTrue();
        assertThat(settings.defaultCooldown()).isEqualTo(10);
        assertThat(settings.terminationPolicies()).as("an empty list keeps them").isEqualTo(g.terminationPolicies());
        assertThat(settings.placementGroup()).as("an empty PlacementGroup clears it").isNull();
        assertThat(settings.tags()).isEqualTo(g.tags());
        assertThat(GroupRules.placementChanged(g, GroupRules.updated(g, update(null, 4, 4, null), LIMIT))).isFalse();
    }

    @Test
    void setDesiredCapacityMovesAPhantomGroupsBoundsButHoldsAPlainGroupToThem() {
        Group up = GroupRules.resized(phantom(), 12, LIMIT);
        assertThat(List.of(up.minSize(), up.maxSize(), up.desiredCapacity())).containsExactly(3, 12, 12);
        assertThat(up.tag("n_preserve")).contains(new Tag("n_preserve", "12", true));
        Group down = GroupRules.resized(phantom(), 0, LIMIT);
        assertThat(List.of(down.minSize(), down.maxSize(), down.desiredCapacity())).containsExactly(0, 3, 0);
        refused(() -> GroupRules.resized(phantom(), 1001, LIMIT), Refusal.Code.VALIDATION_ERROR,
                "New SetDesiredCapacity value 1001 is outside 0..1000, this service's limit for one group.");
        refused(() -> GroupRules.resized(phantom(), -1, LIMIT), "New SetDesiredCapacity value -1 is outside 0..1000");
        assertThat(GroupRules.resized(plain(), 4, LIMIT).desiredCapacity()).isEqualTo(4);
        refused(() -> GroupRules.resized(plain(), 5, LIMIT), Refusal.Code.VALIDATION_ERROR,
                "New SetDesiredCapacity value 5 is above max value 4 for the AutoScalingGroup.");
        refused(() -> GroupRules.resized(plain(), 0, LIMIT), Refusal.Code.VALIDATION_ERROR,
                "New SetDesiredCapacity value 0 is below min value 1 for the AutoScalingGroup.");
    }

    @Test
    void aGroupBeingDeletedTakesNoChangeButDeleteTags() {
        Group going = phantom().markDeleting();
        assertThat(going.desiredCapacity()).isZero();
        assertThat(going.tag("n_preserve")).contains(new Tag("n_preserve", "0", true));
        String message = "AutoScalingGroup 'web' is being deleted.";
        refused(() -> GroupRules.resized(going, 2, LIMIT), Refusal.Code.VALIDATION_ERROR, message);
        refused(() -> GroupRules.updated(going, update(null, null, null, null), LIMIT), Refusal.Code.VALIDATION_ERROR, message);
        refused(() -> GroupRules.tagged(going, List.of(new Tag("a", "b", false)), LIMIT), Refusal.Code.VALIDATION_ERROR, message);
        refused(() -> GroupRules.terminating(going, false, LIMIT), Refusal.Code.VALIDATION_ERROR, message);
        assertThat(GroupRules.untagged(going, List.of("n_preserve")).tags()).extracting(Tag::key)
                .containsExactly("PHANTOM_DEFINITION", "clouds");
    }

    @Test
    void newTagsMergeByKeyAndThePhantomTagsReconfigureTheGroup() {
        Group g = plain();
        Group tagged = GroupRules.tagged(g, List.of(new Tag("team", "blue", false), new Tag("env", "prod", true)), LIMIT);
        assertThat(tagged.tags()).containsExactly(new Tag("team", "blue", false), new Tag("env", "prod", true));
        assertThat(tagged.phantom()).isFalse();

        Group becomes = GroupRules.tagged(g, List.of(new Tag("clouds", "sierra:1, hotel:-1", false), new Tag("n_preserve", "6", false)),
                LIMIT);
        assertThat(becomes.phantom()).isTrue();
        assertThat(becomes.clouds()).containsExactly(new SitePreference("sierra", 1), new SitePreference("hotel", -1));
        assertThat(List.of(becomes.minSize(), becomes.maxSize(), becomes.desiredCapacity())).containsExactly(1, 6, 6);
        assertThat(becomes.tags()).containsExactly(new Tag("team", "red", true), new Tag("clouds", "sierra:1,hotel:-1", false),
                new Tag("n_preserve", "6", false));
        assertThat(GroupRules.placementChanged(g, becomes)).isTrue();

        Group renamed = GroupRules.tagged(phantom(), List.of(new Tag("minimum_vms", "5", false)), LIMIT);
        assertThat(renamed.tag("n_preserve")).contains(new Tag("n_preserve", "5", true));
        assertThat(renamed.tag("minimum_vms")).contains(new Tag("minimum_vms", "5", false));
        assertThat(GroupRules.placementChanged(phantom(), renamed)).isFalse();
        refused(() -> GroupRules.tagged(g, List.of(new Tag("n_preserve", "7", false)), 6),
                "Tag n_preserve must be between 0 and 6, got 7.");
    }

    @Test
    void aGroupKeepsAtMostFiftyTags() {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < 49; i++) tags.add(new Tag("k" + i, "v", false));
        Group full = GroupRules.tagged(plain(), tags, LIMIT);
        assertThat(full.tags()).hasSize(50);
        assertThat(GroupRules.tagged(full, List.of(new Tag("k3", "w", false)), LIMIT).tags()).hasSize(50);
        refused(() -> GroupRules.tagged(full, List.of(new Tag("one-more", "v", false)), LIMIT), Refusal.Code.LIMIT_EXCEEDED,
                "A group can have at most 50 tags; web would have 51.");
    }

    @Test
    void theTagsThatPlaceAPhantomGroupsVmsCannotBeDeleted() {
        for (String key : List.of("clouds", "PHANTOM_DEFINITION", "PHANTOM_DEFINTION")) {
            refused(() -> GroupRules.untagged(phantom(), List.of("team", key)), Refusal.Code.VALIDATION_ERROR, "Tag " + key
                    + " drives the placement of group web and cannot be deleted; change its value with CreateOrUpdateTags instead.");
        }
        Group kept = GroupRules.untagged(phantom(), List.of("n_preserve", "absent"));
        assertThat(kept.desiredCapacity()).isEqualTo(3);
        assertThat(kept.tags()).containsExactly(DEFINITION, new Tag("clouds", "hotel:2,sierra:-1", false));
        assertThat(GroupRules.untagged(plain(), List.of("team")).tags()).isEmpty();
        assertThat(GroupRules.untagged(plain(), List.of("PHANTOM_DEFINITION"))).isEqualTo(plain());
    }

    @Test
    void aTerminationWithTheDecrementLowersTheCountButNotAPlainGroupBelowItsMinimum() {
        Group g = plain(); // 1..4, desired 2
        assertThat(GroupRules.terminating(g, false, LIMIT)).isSameAs(g);
        Group lower = GroupRules.terminating(g, true, LIMIT);
        assertThat(lower.desiredCapacity()).isEqualTo(1);
        refused(() -> GroupRules.terminating(lower, true, LIMIT), Refusal.Code.VALIDATION_ERROR,
                "Currently, desiredSize equals minSize (1). Terminating instance without replacement will violate group's min"
                        + " size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.");
        Group empty = GroupRules.resized(phantom(), 0, LIMIT);
        assertThat(GroupRules.terminating(empty, true, LIMIT).desiredCapacity()).isZero();
        Group phantomLower = GroupRules.terminating(phantom(), true, LIMIT);
        assertThat(List.of(phantomLower.minSize(), phantomLower.desiredCapacity())).containsExactly(2, 2);
    }

    @Test
    void aUsersTerminationIsAnActivityThatSaysWhy() {
        Group g = plain();
        Instance vm = vm(true, NOW.minusSeconds(600));
        ScalingActivity kept = GroupRules.userTermination("act-1", g, vm, 2, false, NOW);
        assertThat(kept).isEqualTo(new ScalingActivity("act-1", 8, "alice", "web", "Terminating EC2 instance: i-1",
                "At 2026-11-24T10:15:30.123Z instance i-1 was taken out of service in response to a user request.", NOW, null,
                ActivityStatus.InProgress, null, 0, "{\"Availability Zone\":\"hotel\"}"));
        ScalingActivity shrunk = GroupRules.userTermination("act-2", GroupRules.terminating(g, true, LIMIT), vm, 2, true, NOW);
        assertThat(shrunk.cause()).isEqualTo("At 2026-11-24T10:15:30.123Z instance i-1 was taken out of service in response to a"
                + " user request, shrinking the capacity from 2 to 1.");
    }

    private static Instance vm(boolean healthy, Instant created) {
        return new Instance("ph-1", 8, "hotel", "i-1", InstanceState.RUNNING, healthy, null, "web@hotel", "m1.small", "ami-1",
                created, created);
    }

    @Test
    void protectionIsSetOnLiveVmsOfTheNamedGroupOnly() {
        Group g = plain();
        Instance mine = vm(true, NOW);
        assertThat(GroupRules.protectable(g, "i-1", Optional.of(mine))).isSameAs(mine);
        Instance on = GroupRules.protectedAs(mine, true, NOW.plusSeconds(1));
        assertThat(on.protectedFromScaleIn()).isTrue();
        assertThat(on.updatedTime()).isEqualTo(NOW.plusSeconds(1));
        assertThat(GroupRules.protectedAs(on, true, NOW.plusSeconds(2))).as("already protected: unchanged").isSameAs(on);
        assertThat(GroupRules.protectedAs(on, false, NOW).protectedFromScaleIn()).isFalse();

        String notPart = "The instance i-1 is not part of Auto Scaling group web.";
        Instance elsewhere = new Instance("ph-1", 99, "hotel", "i-1", InstanceState.RUNNING, true, null, "web@hotel",
                "m1.small", "ami-1", NOW, NOW);
        refused(() -> GroupRules.protectable(g, "i-1", Optional.of(elsewhere)), Refusal.Code.VALIDATION_ERROR, notPart);
        refused(() -> GroupRules.protectable(g, "i-1", Optional.empty()), Refusal.Code.VALIDATION_ERROR, notPart);
        refused(() -> GroupRules.protectable(g, "i-1", Optional.of(mine.with(InstanceState.TERMINATING, "x", NOW))),
                Refusal.Code.VALIDATION_ERROR, notPart);
        refused(() -> GroupRules.protectable(g.markDeleting(), "i-1", Optional.of(mine)), Refusal.Code.VALIDATION_ERROR,
                "AutoScalingGroup 'web' is being deleted.");
    }

    @Test
    void anUnhealthyReportIsTakenOutsideTheGracePeriodOrWhenTheUserSaysSo() {
        Group graceful = plain().toBuilder().healthCheckGracePeriod(300).build();
        Instance young = vm(true, NOW.minusSeconds(299));
        Instance old = vm(true, NOW.minusSeconds(300));
        assertThat(GroupRules.marksUnhealthy(graceful, young, false, true, NOW)).isFalse();
        assertThat(GroupRules.marksUnhealthy(graceful, young, false, false, NOW)).isTrue();
        assertThat(GroupRules.marksUnhealthy(graceful, old, false, true, NOW)).isTrue();
        assertThat(GroupRules.marksUnhealthy(graceful, old, true, true, NOW)).as("Healthy revives nothing").isFalse();
        assertThat(GroupRules.marksUnhealthy(graceful, vm(false, NOW.minusSeconds(900)), false, false, NOW)).isFalse();
    }

    @Test
    void aGroupGoesAtOnceOnlyWhenNoneOfItsVmsIsLeft() {
        Instance done = vm(true, NOW).with(InstanceState.TERMINATED, "gone", NOW);
        Instance failed = vm(true, NOW).with(InstanceState.FAILED, "no", NOW);
        assertThat(GroupRules.goesAtOnce(List.of())).isTrue();
        assertThat(GroupRules.goesAtOnce(List.of(done, failed))).isTrue();
        assertThat(GroupRules.goesAtOnce(List.of(done, vm(true, NOW).with(InstanceState.TERMINATING, "going", NOW)))).isFalse();
    }

    @Test
    void theNotFoundMessagesAreAwss() {
        assertThat(GroupRules.notFound("web").getMessage())
                .isEqualTo("AutoScalingGroup name not found - AutoScalingGroup 'web' not found");
        assertThat(GroupRules.notFoundForUpdate().getMessage()).isEqualTo("AutoScalingGroup name not found - null");
        assertThat(GroupRules.instanceNotFound("i-9").getMessage())
                .isEqualTo("Instance Id not found - No managed instance found for instance ID: i-9");
        assertThat(GroupRules.duplicate("web").code()).isEqualTo(Refusal.Code.ALREADY_EXISTS);
        assertThat(GroupRules.tooManyGroups(200).code()).isEqualTo(Refusal.Code.LIMIT_EXCEEDED);
    }
}
