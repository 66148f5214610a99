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
        return new Group(0, owner, name, "uuid-" + name, "web@hotel", 1, 10, 4, 300, "EC2", 60,
                List.of("hotel", "sierra"),
                List.of(new SitePreference("hotel", 2), new SitePreference("sierra", SitePreference.UNBOUNDED)),
                true,
                List.of(new Tag("PHANTOM_DEFINITION", "error_overflow_n_preserving", false),
                        new Tag("n_preserve", "4", true), new Tag("clouds", "hotel:2,sierra:-1", false),
                        new Tag("z-first-by-name-but-last", TRICKY, true), new Tag("empty", "", false)),
                List.of("OldestInstance", "Default"), List.of("lb-1", TRICKY), List.of("arn:tg/1", ""),
                "subnet-1,subnet-2", "pg-1", true, true, 86400, false, T0, 0);
    }

    static Group minimalGroup(String owner, String name) {
        return new Group(0, owner, name, null, null, 0, 0, 0, 0, null, 0, List.of(), List.of(), false, List.of(),
                List.of(), List.of(), List.of(), null, null, false, false, null, false, at(2), 0);
    }

    static Group withLaunchConfiguration(Group g, String lcName, List<SitePreference> clouds) {
        return new Group(g.id(), g.owner(), g.name(), g.uuid(), lcName, g.minSize(), g.maxSize(), g.desiredCapacity(),
                g.defaultCooldown(), g.healthCheckType(), g.healthCheckGracePeriod(), g.availabilityZones(), clouds,
                g.phantom(), g.tags(), g.terminationPolicies(), g.loadBalancerNames(), g.targetGroupArns(),
                g.vpcZoneIdentifier(), g.placementGroup(), g.newInstancesProtectedFromScaleIn(), g.capacityRebalance(),
                g.maxInstanceLifetime(), g.deleting(), g.createdTime(), g.version());
    }

    static Group withTags(Group g, List<Tag> tags) {
        return new Group(g.id(), g.owner(), g.name(), g.uuid(), g.launchConfigurationName(), g.minSize(), g.maxSize(),
                g.desiredCapacity(), g.defaultCooldown(), g.healthCheckType(), g.healthCheckGracePeriod(), g.availabilityZones(),
                g.clouds(), g.phantom(), tags, g.terminationPolicies(), g.loadBalancerNames(), g.targetGroupArns(),
                g.vpcZoneIdentifier(), g.placementGroup(), g.newInstancesProtectedFromScaleIn(), g.capacityRebalance(),
                g.maxInstanceLifetime(), g.deleting(), g.createdTime(), g.version());
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
