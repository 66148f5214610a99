package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.ApiErrors.error;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AlreadyExistsException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.CreateAutoScalingGroupRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

/** The group actions through the AWS SDK for Java v2, over HTTP: creation rules, sizes, describe, delete. */
class GroupApiTest {
    static RunningPhantom phantom;
    static AutoScalingClient alice;
    static AutoScalingClient bob;

    @BeforeAll
    static void start() throws Exception {
        phantom = RunningPhantom.start();
        alice = phantom.client(phantom.user("alice"));
        bob = phantom.client(phantom.user("bob"));
        for (String site : List.of("hotel", "sierra", "foxtrot")) {
            alice.createLaunchConfiguration(r -> r.launchConfigurationName("mylaunch@" + site).imageId("ami-1").instanceType("m1.small"));
        }
        alice.createLaunchConfiguration(r -> r.launchConfigurationName("anywhere").imageId("ami-2").instanceType("m1.small"));
    }

    @AfterAll
    static void stop() throws Exception {
        phantom.close();
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).propagateAtLaunch(false).build();
    }

    static AutoScalingGroup describe(AutoScalingClient c, String name) {
        List<AutoScalingGroup> groups = c.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups();
        assertThat(groups).hasSize(1);
        return groups.get(0);
    }

    static String tagValue(AutoScalingGroup g, String key) {
        return g.tags().stream().filter(t -> t.key().equals(key)).map(TagDescription::value).findFirst().orElse(null);
    }

    static AwsServiceException createError(CreateAutoScalingGroupRequest.Builder b) {
        return error(() -> alice.createAutoScalingGroup(b.build()));
    }

    @Test
    void a_phantom_group_resolves_clouds_and_count_from_its_tags() {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("overflow").launchConfigurationName("mylaunch@hotel")
                .minSize(10).maxSize(10)
                .tags(tag("PHANTOM_DEFINITION", "error_overflow_n_preserving"), tag("clouds", "hotel:8,sierra:-1"),
                        tag("n_preserve", "10"), tag("owner", "team-a")));
        AutoScalingGroup g = describe(alice, "overflow");
        assertThat(g.desiredCapacity()).isEqualTo(10);
        assertThat(g.minSize()).isEqualTo(10);
        assertThat(g.maxSize()).isEqualTo(10);
        assertThat(g.availabilityZones()).containsExactly("hotel", "sierra");
        assertThat(g.launchConfigurationName()).isEqualTo("mylaunch@hotel");
        assertThat(g.autoScalingGroupARN()).contains(":autoScalingGroup:").endsWith(":autoScalingGroupName/overflow");
        assertThat(g.createdTime()).isNotNull();
        assertThat(g.defaultCooldown()).isEqualTo(300);
        assertThat(g.healthCheckType()).isEqualTo("EC2");
        assertThat(g.terminationPolicies()).containsExactly("Default");
        assertThat(g.loadBalancerNames()).isEmpty();
        assertThat(g.targetGroupARNs()).isEmpty();
        assertThat(g.status()).isNull();
        assertThat(g.tags()).extracting(TagDescription::key)
                .containsExactly("PHANTOM_DEFINITION", "clouds", "n_preserve", "owner");
        assertThat(g.tags()).allSatisfy(t -> {
            assertThat(t.resourceId()).isEqualTo("overflow");
            assertThat(t.resourceType()).isEqualTo("auto-scaling-group");
        });
    }

    @Test
    void the_original_misspelling_and_minimum_vms_are_accepted() {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("legacy").launchConfigurationName("mylaunch")
                .minSize(3).maxSize(3)
                .tags(tag("PHANTOM_DEFINTION", "error_overflow_n_preserving"), tag("clouds", "sierra:2,foxtrot:-1"),
                        tag("minimum_vms", "3")));
        AutoScalingGroup g = describe(alice, "legacy");
        assertThat(g.desiredCapacity()).isEqualTo(3);
        assertThat(g.availabilityZones()).containsExactly("sierra", "foxtrot");
    }

    @Test
    void without_clouds_the_availability_zones_or_the_launch_configuration_site_give_the_cloud_list() {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("by-zones").launchConfigurationName("anywhere")
                .minSize(1).maxSize(4).desiredCapacity(2).availabilityZones("foxtrot", "hotel"));
        AutoScalingGroup z = describe(alice, "by-zones");
        assertThat(z.availabilityZones()).containsExactly("foxtrot", "hotel");
        assertThat(z.desiredCapacity()).isEqualTo(2);

        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("by-lc").launchConfigurationName("mylaunch@sierra")
                .minSize(1).maxSize(2));
        AutoScalingGroup l = describe(alice, "by-lc");
        assertThat(l.availabilityZones()).containsExactly("sierra");
        assertThat(l.desiredCapacity()).isEqualTo(1); // MinSize when neither n_preserve nor DesiredCapacity
    }

    @Test
    void a_group_with_no_way_to_find_its_clouds_is_refused_with_the_three_ways() {
        AwsServiceException e = createError(CreateAutoScalingGroupRequest.builder().autoScalingGroupName("nowhere")
                .launchConfigurationName("anywhere").minSize(0).maxSize(1));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(e.awsErrorDetails().errorMessage()).contains("clouds").contains("AvailabilityZones").contains("family@site");
    }

    @Test
    void bad_phantom_tags_are_refused_synchronously_with_what_to_fix() {
        record Case(String tagKey, String tagValue, String expected) {
        }
        List<Case> cases = List.of(
                new Case("clouds", "hotel", "site:max"),
                new Case("clouds", "hotel:x", "not an integer"),
                new Case("clouds", "hotel:-2", "-1 (no cap)"),
                new Case("clouds", "hotel:1,hotel:2", "more than once"),
                new Case("clouds", "nowhere:3", "not configured"),
                new Case("clouds", "alamo:3", "no launch configuration mylaunch@alamo"),
                new Case("PHANTOM_DEFINITION", "magic", "error_overflow_n_preserving"),
                new Case("n_preserve", "many", "whole number"),
                new Case("n_preserve", "-1", "between 0 and"));
        for (Case c : cases) {
            List<Tag> tags = new ArrayList<>(List.of(tag("clouds", "hotel:2"), tag("n_preserve", "1")));
            tags.removeIf(t -> t.key().equals(c.tagKey()));
            tags.add(tag(c.tagKey(), c.tagValue()));
            AwsServiceException e = createError(CreateAutoScalingGroupRequest.builder().autoScalingGroupName("bad")
                    .launchConfigurationName("mylaunch").minSize(0).maxSize(5).tags(tags));
            assertThat(e.awsErrorDetails().errorCode()).as(c.toString()).isEqualTo("ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).as(c.toString()).contains(c.expected());
        }
        assertThat(alice.describeAutoScalingGroups(r -> r.autoScalingGroupNames("bad")).autoScalingGroups()).isEmpty();
    }

    @Test
    void n_preserve_and_desired_capacity_must_agree() {
        AwsServiceException e = createError(CreateAutoScalingGroupRequest.builder().autoScalingGroupName("disagree")
                .launchConfigurationName("mylaunch").minSize(0).maxSize(9).desiredCapacity(3)
                .tags(tag("clouds", "hotel:-1"), tag("n_preserve", "5")));
        assertThat(e.awsErrorDetails().errorMessage()).contains("DesiredCapacity 3").contains("n_preserve");
    }

    @Test
    void aws_size_rules_apply_at_create() {
        assertThat(createError(CreateAutoScalingGroupRequest.builder().autoScalingGroupName("s1")
                .launchConfigurationName("mylaunch@hotel").minSize(3).maxSize(2)).awsErrorDetails().errorMessage())
                .isEqualTo("Max bound, 2, must be greater than or equal to min bound, 3");
        assertThat(createError(CreateAutoScalingGroupRequest.builder().autoScalingGroupName("s2")
                .launchConfigurationName("mylaunch@hotel").minSize(1).maxSize(2).desiredCapacity(5)).awsErrorDetails().errorMessage())
                .isEqualTo("Desired capacity:5 must be between the specified min size:1 and max size:2");
        assertThat(createError(CreateAutoScalingGroupRequest.builder().autoScalingGroupName("s3")
                .launchConfigurationName("mylaunch@hotel").minSize(-1).maxSize(2)).awsErrorDetails().errorCode())
                .isEqualTo("ValidationError");
    }

    @Test
    void unknown_launch_configuration_and_launch_templates_are_refused() {
        assertThat(createError(CreateAutoScalingGroupRequest.builder().autoScalingGroupName("nolc")
                .launchConfigurationName("ghost@hotel").minSize(0).maxSize(1)).awsErrorDetails().errorMessage())
                .contains("ghost");
        assertThat(createError(CreateAutoScalingGroupRequest.builder().autoScalingGroupName("lt")
                .launchTemplate(t -> t.launchTemplateName("tmpl")).minSize(0).maxSize(1)).awsErrorDetails().errorMessage())
                .contains("launch configurations only");
    }

    @Test
    void duplicates_are_already_exists() {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("twice").launchConfigurationName("mylaunch@hotel").minSize(0).maxSize(0));
        AwsServiceException e = error(() -> alice.createAutoScalingGroup(r -> r.autoScalingGroupName("twice")
                .launchConfigurationName("mylaunch@hotel").minSize(0).maxSize(0)));
        assertThat(e).isInstanceOf(AlreadyExistsException.class);
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("AutoScalingGroup by this name already exists - A group with the name twice already exists");
    }

    @Test
    void set_desired_capacity_moves_the_bounds_of_a_phantom_group_and_updates_n_preserve() {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("resize").launchConfigurationName("mylaunch")
                .minSize(2).maxSize(2).tags(tag("clouds", "hotel:-1"), tag("n_preserve", "2")));
        alice.setDesiredCapacity(r -> r.autoScalingGroupName("resize").desiredCapacity(5));
        AutoScalingGroup up = describe(alice, "resize");
        assertThat(up.desiredCapacity()).isEqualTo(5);
        assertThat(up.maxSize()).isEqualTo(5);
        assertThat(up.minSize()).isEqualTo(2);
        assertThat(tagValue(up, "n_preserve")).isEqualTo("5");

        alice.setDesiredCapacity(r -> r.autoScalingGroupName("resize").desiredCapacity(0));
        AutoScalingGroup down = describe(alice, "resize");
        assertThat(down.desiredCapacity()).isZero();
        assertThat(down.minSize()).isZero();
        assertThat(tagValue(down, "n_preserve")).isEqualTo("0");

        assertThat(alice.describeTags(r -> r.filters(f -> f.name("auto-scaling-group").values("resize"),
                f -> f.name("key").values("n_preserve"))).tags()).singleElement()
                .extracting(TagDescription::value).isEqualTo("0");
        assertThat(error(() -> alice.setDesiredCapacity(r -> r.autoScalingGroupName("resize").desiredCapacity(-1)))
                .awsErrorDetails().errorCode()).isEqualTo("ValidationError");
    }

    @Test
    void set_desired_capacity_on_a_plain_group_keeps_the_aws_bounds() {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("plain").launchConfigurationName("mylaunch@sierra")
                .minSize(1).maxSize(3));
        alice.setDesiredCapacity(r -> r.autoScalingGroupName("plain").desiredCapacity(3));
        assertThat(describe(alice, "plain").desiredCapacity()).isEqualTo(3);
        assertThat(error(() -> alice.setDesiredCapacity(r -> r.autoScalingGroupName("plain").desiredCapacity(4)))
                .awsErrorDetails().errorMessage()).isEqualTo("New SetDesiredCapacity value 4 is above max value 3 for the AutoScalingGroup.");
        assertThat(error(() -> alice.setDesiredCapacity(r -> r.autoScalingGroupName("plain").desiredCapacity(0)))
                .awsErrorDetails().errorMessage()).isEqualTo("New SetDesiredCapacity value 0 is below min value 1 for the AutoScalingGroup.");
        assertThat(describe(alice, "plain").desiredCapacity()).isEqualTo(3);
    }

    @Test
    void unknown_groups_are_validation_errors() {
        assertThat(error(() -> alice.setDesiredCapacity(r -> r.autoScalingGroupName("ghost").desiredCapacity(1)))
                .awsErrorDetails().errorMessage()).isEqualTo("AutoScalingGroup name not found - AutoScalingGroup 'ghost' not found");
        assertThat(error(() -> alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("ghost")))
                .awsErrorDetails().errorMessage()).isEqualTo("AutoScalingGroup name not found - AutoScalingGroup 'ghost' not found");
        assertThat(alice.describeAutoScalingGroups(r -> r.autoScalingGroupNames("ghost")).autoScalingGroups()).isEmpty();
    }

    @Test
    void a_group_without_vms_is_deleted_at_once() {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("empty").launchConfigurationName("mylaunch@hotel").minSize(0).maxSize(0));
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("empty").forceDelete(true));
        assertThat(alice.describeAutoScalingGroups(r -> r.autoScalingGroupNames("empty")).autoScalingGroups()).isEmpty();
    }

    @Test
    void describe_filters_by_tags_and_paginates() {
        for (int i = 0; i < 5; i++) {
            String name = "pg-" + i;
            String team = i % 2 == 0 ? "even" : "odd";
            bobGroup(name, team);
        }
        List<String> even = bob.describeAutoScalingGroups(r -> r.filters(f -> f.name("tag:team").values("even")))
                .autoScalingGroups().stream().map(AutoScalingGroup::autoScalingGroupName).toList();
        assertThat(even).containsExactly("pg-0", "pg-2", "pg-4");
        assertThat(bob.describeAutoScalingGroups(r -> r.filters(f -> f.name("tag-value").values("odd"))).autoScalingGroups()).hasSize(2);
        assertThat(bob.describeAutoScalingGroups(r -> r.filters(f -> f.name("tag-key").values("nope"))).autoScalingGroups()).isEmpty();
        assertThat(error(() -> bob.describeAutoScalingGroups(r -> r.filters(f -> f.name("color").values("x"))))
                .awsErrorDetails().errorCode()).isEqualTo("ValidationError");

        DescribeAutoScalingGroupsResponse first = bob.describeAutoScalingGroups(r -> r.maxRecords(2));
        assertThat(first.autoScalingGroups()).hasSize(2);
        assertThat(first.nextToken()).isNotNull();
        List<String> all = bob.describeAutoScalingGroupsPaginator(r -> r.maxRecords(2)).autoScalingGroups().stream()
                .map(AutoScalingGroup::autoScalingGroupName).toList();
        assertThat(all).containsExactly("pg-0", "pg-1", "pg-2", "pg-3", "pg-4");
    }

    private static void bobGroup(String name, String team) {
        bob.createLaunchConfiguration(r -> r.launchConfigurationName(name + "@hotel").imageId("ami").instanceType("t"));
        bob.createAutoScalingGroup(r -> r.autoScalingGroupName(name).launchConfigurationName(name + "@hotel")
                .minSize(0).maxSize(0).tags(tag("team", team)));
    }

    @Test
    void another_users_groups_are_invisible_and_untouchable() {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("mine").launchConfigurationName("mylaunch@hotel").minSize(0).maxSize(0));
        assertThat(bob.describeAutoScalingGroups(r -> r.autoScalingGroupNames("mine")).autoScalingGroups()).isEmpty();
        assertThat(error(() -> bob.setDesiredCapacity(r -> r.autoScalingGroupName("mine").desiredCapacity(0)))
                .awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(error(() -> bob.deleteAutoScalingGroup(r -> r.autoScalingGroupName("mine")))
                .awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(error(() -> bob.createOrUpdateTags(r -> r.tags(Tag.builder().resourceId("mine")
                .resourceType("auto-scaling-group").key("k").value("v").build()))).awsErrorDetails().errorCode())
                .isEqualTo("ValidationError");
        // bob cannot use alice's launch configurations either
        assertThat(error(() -> bob.createAutoScalingGroup(r -> r.autoScalingGroupName("steal")
                .launchConfigurationName("mylaunch@hotel").minSize(0).maxSize(0))).awsErrorDetails().errorCode())
                .isEqualTo("ValidationError");
        assertThat(describe(alice, "mine").tags()).isEmpty();
    }
}
