package phantom.store;

import java.time.Instant;
import java.util.List;
import phantom.core.driver.FaultClass;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.ScalingActivity;
import phantom.core.model.SiteHealth;
import phantom.core.model.SitePreference;
import phantom.core.model.Tag;
import phantom.core.model.User;

/** Records for store tests: every field set, or every optional field null. */
final class Examples {
    /** Text that trips naive storage: quotes, backslashes, newlines, LIKE wildcards, several scripts, emoji. */
    static final String TRICKY = "ünï'cödé\" \\ %_ \r\n\t 日本語 עברית 🚀👩‍👩‍👧 e\u0301 '; DROP TABLE users; --";
    static final Instant T0 = Instant.parse("2026-11-24T10:15:30.123Z");

    private Examples() {}

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static User user(String name) {
        return new User(name, "AK" + name.toUpperCase(), "secret-" + name, T0);
    }

    static LaunchConfiguration launchConfiguration(String owner, String name) {
        return new LaunchConfiguration(owner, name, "uuid-" + name, "ami-12345678", "m1.small", "my-key",
                List.of("default", "web", TRICKY, ""), "#!/bin/sh\necho " + TRICKY, "aki-1", "ari-1", "i-source",
                true, Boolean.FALSE, "0.05", "arn:aws:iam::123:instance-profile/x", Boolean.TRUE, "dedicated",
                "member.1.DeviceName=/dev/sda1&member.1.Ebs.VolumeSize=8", "member.HttpTokens=required", T0);
    }

    static LaunchConfiguration minimalLaunchConfiguration(String owner, String name) {
        return new LaunchConfiguration(owner, name, null, null, null, null, null, null, null, null, null,
                false, null, null, null, null, null, null, null, at(1));
    }

    /** A group with every field set; its id and version are placeholders until insert. */
    static Group group(String owner, String name) {
        return Group.builder().owner(owner).name(name).uuid("uuid-" + name).launchConfigurationName("web@hotel")
                .sizes(1, 10, 4).defaultCooldown(300).healthCheckType("EC2").healthCheckGracePeriod(60)
                .clouds(List.of(new SitePreference("hotel", 2), new SitePreference("sierra", SitePreference.UNBOUNDED)))
                .phantom(true)
                .tags(List.of(new Tag("PHANTOM_DEFINITION", "error_overflow_n_preserving", false),
                        new Tag("n_preserve", "4", true), new Tag("clouds", "hotel:2,sierra:-1", false),
                        new Tag("z-first-by-name-but-last", TRICKY, true), new Tag("empty", "", false)))
                .terminationPolicies(List.of("OldestInstance", "Default")).loadBalancerNames(List.of("lb-1", TRICKY))
                .targetGroupArns(List.of("arn:tg/1", "")).vpcZoneIdentifier("subnet-1,subnet-2").placementGroup("pg-1")
                .newInstancesProtectedFromScaleIn(true).capacityRebalance(true).maxInstanceLifetime(86400).createdTime(T0)
                .build();
    }

    static Group minimalGroup(String owner, String name) {
        return Group.builder().owner(owner).name(name).createdTime(at(2)).build();
    }

    static Group withLaunchConfiguration(Group g, String lcName, List<SitePreference> clouds) {
        return g.toBuilder().launchConfigurationName(lcName).clouds(clouds).build();
    }

    static Group withTags(Group g, List<Tag> tags) {
        return g.toBuilder().tags(tags).build();
    }

    static Instance instance(String id, long groupId, Instant created) {
        return new Instance(id, groupId, "hotel", "i-" + id, InstanceState.RUNNING, true, "launched: " + TRICKY,
                "web@hotel", "m1.small", "ami-12345678", created, created.plusMillis(1500));
    }

    static Instance requested(String id, long groupId, Instant created) {
        return new Instance(id, groupId, "sierra", null, InstanceState.REQUESTED, true, null, null, null, null,
                created, created);
    }

    static ScalingActivity activity(String id, long groupId, String owner, String groupName, Instant start) {
        return new ScalingActivity(id, groupId, owner, groupName, "Launching a new EC2 instance: i-1",
                "overflow hotel -> sierra: " + TRICKY, start, start.plusSeconds(30), ActivityStatus.Successful,
                "ok", 100, "{\"Availability Zone\":\"hotel\"}");
    }

    static ScalingActivity inProgress(String id, long groupId, String owner, String groupName, Instant start) {
        return new ScalingActivity(id, groupId, owner, groupName, null, null, start, null,
                ActivityStatus.InProgress, null, 0, null);
    }

    static SiteHealth siteHealth(long groupId, String site) {
        return new SiteHealth(groupId, site, 3, FaultClass.CAPACITY, "InsufficientInstanceCapacity: " + TRICKY,
                at(120), "fingerprint-1", at(5));
    }
}
