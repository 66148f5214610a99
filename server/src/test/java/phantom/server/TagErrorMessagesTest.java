package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.ApiErrors.error;
import static phantom.server.GroupApiTest.tag;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Tag;

/** What a user is told when a Phantom tag or a site name is wrong: the expected form, and the near miss. */
class TagErrorMessagesTest {
    static RunningPhantom phantom;
    static AutoScalingClient alice;

    @BeforeAll
    static void start() throws Exception {
        phantom = RunningPhantom.start();
        alice = phantom.client(phantom.user("alice"));
        alice.createLaunchConfiguration(r -> r.launchConfigurationName("web").imageId("ami-1").instanceType("m1.small"));
    }

    @AfterAll
    static void stop() throws Exception {
        phantom.close();
    }

    static String refused(Tag... tags) {
        AwsServiceException e = error(() -> alice.createAutoScalingGroup(r -> r.autoScalingGroupName("g").launchConfigurationName("web")
                .minSize(1).maxSize(1).tags(tags)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(alice.describeAutoScalingGroups().autoScalingGroups()).isEmpty();
        return e.awsErrorDetails().errorMessage();
    }

    @Test
    void clouds_with_semicolons_is_told_the_format() {
        assertThat(refused(tag("clouds", "hotel:2;sierra:-1")))
                .isEqualTo("Tag clouds 'hotel:2;sierra:-1' is not a list of site:max: write it as site:max[,site:max...] with"
                        + " commas between the sites, most preferred first, max -1 for no cap; for example hotel:8,sierra:-1.");
        assertThat(refused(tag("clouds", "hotel=2"))).startsWith("Tag clouds: clouds entry 'hotel=2' is not site:max")
                .endsWith("; write it as site:max[,site:max...] with commas between the sites, most preferred first,"
                        + " max -1 for no cap; for example hotel:8,sierra:-1.");
    }

    @Test
    void a_misspelled_site_or_definition_gets_a_did_you_mean() {
        assertThat(refused(tag("clouds", "hotle:2,sierra:-1")))
                .isEqualTo("Site 'hotle' is not configured (did you mean 'hotel'?). Known sites: hotel, sierra, foxtrot, alamo.");
        assertThat(refused(tag("clouds", "nowhere:2"))).isEqualTo("Site 'nowhere' is not configured. Known sites: hotel, sierra, foxtrot, alamo.");
        assertThat(refused(tag("PHANTOM_DEFINITION", "error_overflow_n_preserve"), tag("clouds", "hotel:1")))
                .startsWith("Tag PHANTOM_DEFINITION has the unknown definition 'error_overflow_n_preserve' (did you mean"
                        + " 'error_overflow_n_preserving'?). Accepted definitions: error_overflow_n_preserving.");
        AwsServiceException lc = error(() -> alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@sierr")
                .imageId("ami-1").instanceType("m1.small")));
        assertThat(lc.awsErrorDetails().errorMessage()).contains("names site 'sierr', which is not configured (did you mean 'sierra'?). Known sites:");
    }

    @Test
    void a_count_that_is_not_a_number_shows_an_example() {
        assertThat(refused(tag("clouds", "hotel:1"), tag("n_preserve", "three")))
                .isEqualTo("Tag n_preserve must be a whole number of VMs (for example n_preserve=4), got 'three'.");
    }
}
