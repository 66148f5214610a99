package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.ApiErrors.error;
import static phantom.server.GroupApiTest.describe;
import static phantom.server.GroupApiTest.tag;
import static phantom.server.GroupApiTest.tagValue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/** UpdateAutoScalingGroup: only what is given changes, with AWS's size rules. */
class UpdateGroupApiTest {
    static RunningPhantom phantom;
    static AutoScalingClient alice;

    @BeforeAll
    static void start() throws Exception {
        phantom = RunningPhantom.start();
        alice = phantom.client(phantom.user("alice"));
        for (String site : List.of("hotel", "sierra")) {
            alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@" + site).imageId("ami").instanceType("t"));
        }
        alice.createLaunchConfiguration(r -> r.launchConfigurationName("db@hotel").imageId("ami").instanceType("t"));
    }

    @AfterAll
    static void stop() throws Exception {
        phantom.close();
    }

    @Test
    void sizes_follow_the_aws_rules() {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("u1").launchConfigurationName("web@hotel").minSize(1).maxSize(3)
                .desiredCapacity(2));
        alice.updateAutoScalingGroup(r -> r.autoScalingGroupName("u1").minSize(3));
        assertThat(describe(alice, "u1").desiredCapacity()).isEqualTo(3);
        alice.updateAutoScalingGroup(r -> r.autoScalingGroupName("u1").minSize(0).maxSize(1));
        AutoScalingGroup g = describe(alice, "u1");
        assertThat(g.desiredCapacity()).isEqualTo(1);
        assertThat(g.minSize()).isZero();
        assertThat(g.maxSize()).isEqualTo(1);
        assertThat(error(() -> alice.updateAutoScalingGroup(r -> r.autoScalingGroupName("u1").minSize(2).maxSize(1)))
                .awsErrorDetails().errorMessage()).isEqualTo("Max bound, 1, must be greater than or equal to min bound, 2");
        assertThat(error(() -> alice.updateAutoScalingGroup(r -> r.autoScalingGroupName("u1").desiredCapacity(5)))
                .awsErrorDetails().errorMessage()).isEqualTo("Desired capacity:5 must be between the specified min size:0 and max size:1");
        assertThat(error(() -> alice.updateAutoScalingGroup(r -> r.autoScalingGroupName("ghost").minSize(0)))
                .awsErrorDetails().errorMessage()).isEqualTo("AutoScalingGroup name not found - null");
    }

    @Test
    void zones_launch_configuration_and_options_change_only_when_given() {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("u2").launchConfigurationName("web").minSize(0).maxSize(2)
                .availabilityZones("hotel"));
        alice.updateAutoScalingGroup(r -> r.autoScalingGroupName("u2").availabilityZones("sierra", "hotel").defaultCooldown(60)
                .healthCheckGracePeriod(30).terminationPolicies("NewestInstance"));
        AutoScalingGroup g = describe(alice, "u2");
        assertThat(g.availabilityZones()).containsExactly("sierra", "hotel");
        assertThat(g.defaultCooldown()).isEqualTo(60);
        assertThat(g.healthCheckGracePeriod()).isEqualTo(30);
        assertThat(g.terminationPolicies()).containsExactly("NewestInstance");
        assertThat(g.maxSize()).isEqualTo(2);
        assertThat(error(() -> alice.updateAutoScalingGroup(r -> r.autoScalingGroupName("u2").launchConfigurationName("db")))
                .awsErrorDetails().errorMessage()).contains("no launch configuration db@sierra");
        assertThat(describe(alice, "u2").launchConfigurationName()).isEqualTo("web");
    }

    @Test
    void a_phantom_group_keeps_its_clouds_tag_and_n_preserve_follows() {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("u3").launchConfigurationName("web").minSize(1).maxSize(1)
                .tags(tag("clouds", "hotel:1,sierra:-1"), tag("n_preserve", "1")));
        alice.updateAutoScalingGroup(r -> r.autoScalingGroupName("u3").availabilityZones("hotel", "sierra").minSize(2).maxSize(4));
        AutoScalingGroup g = describe(alice, "u3");
        assertThat(g.desiredCapacity()).isEqualTo(2);
        assertThat(tagValue(g, "n_preserve")).isEqualTo("2");
        assertThat(tagValue(g, "clouds")).isEqualTo("hotel:1,sierra:-1");
    }
}
