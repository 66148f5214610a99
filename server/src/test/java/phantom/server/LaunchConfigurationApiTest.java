package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.ApiErrors.error;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AlreadyExistsException;
import software.amazon.awssdk.services.autoscaling.model.DescribeLaunchConfigurationsResponse;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.autoscaling.model.ResourceInUseException;

/** The launch-configuration actions through the AWS SDK for Java v2, over HTTP. */
class LaunchConfigurationApiTest {
    static RunningPhantom phantom;
    static AutoScalingClient alice;
    static AutoScalingClient bob;

    @BeforeAll
    static void start() throws Exception {
        phantom = RunningPhantom.start();
        alice = phantom.client(phantom.user("alice"));
        bob = phantom.client(phantom.user("bob"));
    }

    @AfterAll
    static void stop() throws Exception {
        phantom.close();
    }

    private static void create(AutoScalingClient c, String name) {
        c.createLaunchConfiguration(r -> r.launchConfigurationName(name).imageId("ami-1").instanceType("m1.small"));
    }

    @Test
    void create_then_describe_round_trips_every_field() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        alice.createLaunchConfiguration(r -> r.launchConfigurationName("full@hotel")
                .imageId("ami-12345678").instanceType("m1.large").keyName("mykey")
                .securityGroups("default", "web").userData("IyEvYmluL3NoCmVjaG8gaGk=")
                .kernelId("aki-1").ramdiskId("ari-1").spotPrice("0.05").iamInstanceProfile("prof")
                .ebsOptimized(true).associatePublicIpAddress(false).placementTenancy("default")
                .instanceMonitoring(m -> m.enabled(false))
                .blockDeviceMappings(b -> b.deviceName("/dev/sda1").ebs(e -> e.volumeSize(8).deleteOnTermination(true)),
                        b -> b.deviceName("/dev/sdb").virtualName("ephemeral0"))
                .metadataOptions(m -> m.httpTokens("required").httpPutResponseHopLimit(2).httpEndpoint("enabled")));

        LaunchConfiguration lc = alice.describeLaunchConfigurations(r -> r.launchConfigurationNames("full@hotel"))
                .launchConfigurations().get(0);
        assertThat(lc.launchConfigurationName()).isEqualTo("full@hotel");
        assertThat(lc.launchConfigurationARN()).startsWith("arn:aws:autoscaling:").endsWith(":launchConfigurationName/full@hotel");
        assertThat(lc.imageId()).isEqualTo("ami-12345678");
        assertThat(lc.instanceType()).isEqualTo("m1.large");
        assertThat(lc.keyName()).isEqualTo("mykey");
        assertThat(lc.securityGroups()).containsExactly("default", "web");
        assertThat(lc.userData()).isEqualTo("IyEvYmluL3NoCmVjaG8gaGk=");
        assertThat(lc.kernelId()).isEqualTo("aki-1");
        assertThat(lc.ramdiskId()).isEqualTo("ari-1");
        assertThat(lc.spotPrice()).isEqualTo("0.05");
        assertThat(lc.iamInstanceProfile()).isEqualTo("prof");
        assertThat(lc.ebsOptimized()).isTrue();
        assertThat(lc.associatePublicIpAddress()).isFalse();
        assertThat(lc.placementTenancy()).isEqualTo("default");
        assertThat(lc.instanceMonitoring().enabled()).isFalse();
        assertThat(lc.blockDeviceMappings()).hasSize(2);
        assertThat(lc.blockDeviceMappings().get(0).deviceName()).isEqualTo("/dev/sda1");
        assertThat(lc.blockDeviceMappings().get(0).ebs().volumeSize()).isEqualTo(8);
        assertThat(lc.blockDeviceMappings().get(0).ebs().deleteOnTermination()).isTrue();
        assertThat(lc.blockDeviceMappings().get(1).virtualName()).isEqualTo("ephemeral0");
        assertThat(lc.metadataOptions().httpTokensAsString()).isEqualTo("required");
        assertThat(lc.metadataOptions().httpPutResponseHopLimit()).isEqualTo(2);
        assertThat(lc.createdTime()).isBetween(before, Instant.now());
    }

    @Test
    void a_minimal_launch_configuration_has_defaults_and_omits_what_was_not_given() {
        create(alice, "minimal");
        LaunchConfiguration lc = alice.describeLaunchConfigurations(r -> r.launchConfigurationNames("minimal"))
                .launchConfigurations().get(0);
        assertThat(lc.keyName()).isEmpty(); // AWS answers these as empty text (docs/api.md)
        assertThat(lc.userData()).isEmpty();
        assertThat(lc.spotPrice()).isNull();
        assertThat(lc.securityGroups()).isEmpty();
        assertThat(lc.blockDeviceMappings()).isEmpty();
        assertThat(lc.instanceMonitoring().enabled()).isTrue();
        assertThat(lc.ebsOptimized()).isFalse();
    }

    @Test
    void duplicate_name_is_already_exists() {
        create(alice, "dup@sierra");
        AwsServiceException e = error(() -> create(alice, "dup@sierra"));
        assertThat(e).isInstanceOf(AlreadyExistsException.class);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AlreadyExists");
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorMessage()).contains("dup@sierra");
    }

    @Test
    void unknown_site_is_a_validation_error_naming_the_known_sites() {
        AwsServiceException e = error(() -> create(alice, "web@nowhere"));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(e.awsErrorDetails().errorMessage()).contains("nowhere").contains("hotel, sierra, foxtrot, alamo");
        assertThat(alice.describeLaunchConfigurations(r -> r.launchConfigurationNames("web@nowhere")).launchConfigurations()).isEmpty();
    }

    @Test
    void image_and_type_are_required() {
        AwsServiceException e = error(() -> alice.createLaunchConfiguration(r -> r.launchConfigurationName("noimage").instanceType("m1.small")));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(e.awsErrorDetails().errorMessage()).contains("ImageId and InstanceType");
    }

    @Test
    void bad_values_are_rejected_and_nothing_is_written() {
        String longName = "x".repeat(256);
        assertThat(error(() -> create(alice, longName)).awsErrorDetails().errorMessage()).contains("length less than or equal to 255");
        assertThat(error(() -> alice.createLaunchConfiguration(r -> r.launchConfigurationName("badtenancy").imageId("a")
                .instanceType("t").placementTenancy("shared"))).awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(error(() -> alice.createLaunchConfiguration(r -> r.launchConfigurationName("baddisk").imageId("a")
                .instanceType("t").blockDeviceMappings(b -> b.deviceName("/dev/sda").ebs(x -> x.volumeSize(0)))))
                .awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(alice.describeLaunchConfigurations(r -> r.launchConfigurationNames("badtenancy", "baddisk")).launchConfigurations()).isEmpty();
    }

    @Test
    void delete_removes_it_and_deleting_an_unknown_one_is_a_validation_error() {
        create(alice, "gone");
        alice.deleteLaunchConfiguration(r -> r.launchConfigurationName("gone"));
        assertThat(alice.describeLaunchConfigurations(r -> r.launchConfigurationNames("gone")).launchConfigurations()).isEmpty();
        AwsServiceException e = error(() -> alice.deleteLaunchConfiguration(r -> r.launchConfigurationName("gone")));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Launch configuration name not found - Launch configuration gone not found");
    }

    @Test
    void a_launch_configuration_used_by_a_group_cannot_be_deleted() {
        create(alice, "inuse@hotel");
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("inuse-group").launchConfigurationName("inuse@hotel")
                .minSize(0).maxSize(0));
        AwsServiceException e = error(() -> alice.deleteLaunchConfiguration(r -> r.launchConfigurationName("inuse@hotel")));
        assertThat(e).isInstanceOf(ResourceInUseException.class);
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Cannot delete launch configuration inuse@hotel because it is attached to AutoScalingGroup inuse-group");
        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("inuse-group"));
        alice.deleteLaunchConfiguration(r -> r.launchConfigurationName("inuse@hotel"));
    }

    @Test
    void pagination_walks_every_item_once_in_name_order() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String name = String.format("page-%02d@foxtrot", i);
            create(bob, name);
            made.add(name);
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            DescribeLaunchConfigurationsResponse r = bob.describeLaunchConfigurations(b -> b.maxRecords(3).nextToken(t));
            r.launchConfigurations().forEach(lc -> seen.add(lc.launchConfigurationName()));
            token = r.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(made);
        List<String> viaPaginator = bob.describeLaunchConfigurationsPaginator(b -> b.maxRecords(2)).launchConfigurations()
                .stream().map(LaunchConfiguration::launchConfigurationName).toList();
        assertThat(viaPaginator).containsExactlyElementsOf(made);
    }

    @Test
    void bad_page_size_and_forged_tokens_are_rejected() {
        assertThat(error(() -> alice.describeLaunchConfigurations(r -> r.maxRecords(101))).awsErrorDetails().errorCode())
                .isEqualTo("ValidationError");
        assertThat(error(() -> alice.describeLaunchConfigurations(r -> r.maxRecords(0))).awsErrorDetails().errorCode())
                .isEqualTo("ValidationError");
        AwsServiceException e = error(() -> alice.describeLaunchConfigurations(r -> r.nextToken("not-a-token")));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidNextToken");
    }

    @Test
    void another_users_launch_configurations_are_invisible_and_untouchable() {
        create(alice, "private@alamo");
        assertThat(bob.describeLaunchConfigurations().launchConfigurations())
                .extracting(LaunchConfiguration::launchConfigurationName).doesNotContain("private@alamo");
        assertThat(error(() -> bob.deleteLaunchConfiguration(r -> r.launchConfigurationName("private@alamo")))
                .awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        create(bob, "private@alamo"); // names are per user
        assertThat(alice.describeLaunchConfigurations(r -> r.launchConfigurationNames("private@alamo")).launchConfigurations()).hasSize(1);
    }
}
