package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

/**
 * Every string Phantom stores comes back exactly through the AWS SDK for Java v2 (whose XML parser
 * reads a raw CR as LF): names, tag keys and values, and user data with CR, CRLF, tabs and
 * characters outside the BMP. What is described can be used again: the described name deletes.
 */
class RoundTripTextTest {
    static RunningPhantom phantom;
    static AutoScalingClient alice;

    @BeforeAll
    static void start() throws Exception {
        phantom = RunningPhantom.start();
        alice = phantom.client(phantom.user("alice"));
    }

    @AfterAll
    static void stop() throws Exception {
        phantom.close();
    }

    static List<String> texts() {
        return List.of("cr\rcr", "crlf\r\nline\r\n", "tab\there", "rocket \uD83D\uDE80 \uD800\uDC00", "\r\n\t\uD83D\uDE00\r");
    }

    @ParameterizedTest
    @MethodSource("texts")
    void names_tags_and_user_data_come_back_byte_for_byte(String text) {
        String lcName = "lc " + text + "@hotel";
        String groupName = "g " + text;
        alice.createLaunchConfiguration(r -> r.launchConfigurationName(lcName).imageId("ami").instanceType("t")
                .userData("#!/bin/sh\r\necho " + text));
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName(groupName).launchConfigurationName(lcName).minSize(0).maxSize(0)
                .tags(Tag.builder().key("k " + text).value("v " + text).build()));

        LaunchConfiguration lc = alice.describeLaunchConfigurations(r -> r.launchConfigurationNames(lcName))
                .launchConfigurations().get(0);
        assertThat(lc.launchConfigurationName()).isEqualTo(lcName);
        assertThat(lc.userData()).isEqualTo("#!/bin/sh\r\necho " + text);
        AutoScalingGroup g = alice.describeAutoScalingGroups(r -> r.autoScalingGroupNames(groupName)).autoScalingGroups().get(0);
        assertThat(g.autoScalingGroupName()).isEqualTo(groupName);
        assertThat(g.launchConfigurationName()).isEqualTo(lcName);
        assertThat(g.tags()).extracting(TagDescription::key).contains("k " + text);
        assertThat(g.tags()).extracting(TagDescription::value).contains("v " + text);
        List<TagDescription> described = alice.describeTags(r -> r.filters(f -> f.name("key").values("k " + text))).tags();
        assertThat(described).extracting(TagDescription::resourceId).containsExactly(groupName);
        assertThat(described).extracting(TagDescription::value).containsExactly("v " + text);

        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName(g.autoScalingGroupName()).forceDelete(true));
        Eventually.await("group " + groupName + " gone", () -> alice.describeAutoScalingGroups(r -> r.autoScalingGroupNames(groupName))
                .autoScalingGroups(), List::isEmpty);
        alice.deleteLaunchConfiguration(r -> r.launchConfigurationName(lc.launchConfigurationName()));
        assertThat(alice.describeLaunchConfigurations(r -> r.launchConfigurationNames(lcName)).launchConfigurations()).isEmpty();
    }
}
