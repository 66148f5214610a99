package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.ApiErrors.error;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/** A group on a site that needs cloud credentials is refused until the user has them. */
class CredentialsApiTest {
    static RunningPhantom phantom;
    static AutoScalingClient alice;

    @BeforeAll
    static void start() throws Exception {
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
        sites.put("hotel", RunningPhantom.sim("hotel", Map.of()));
        sites.put("ec2", new SiteConfig("ec2", "ec2", Map.of("region", "us-east-1", "endpoint", "http://127.0.0.1:9")));
        phantom = RunningPhantom.start(sites);
        alice = phantom.client(phantom.user("alice"));
        alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@ec2").imageId("ami-1").instanceType("t2.micro"));
        alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@hotel").imageId("ami-1").instanceType("t2.micro"));
    }

    @AfterAll
    static void stop() throws Exception {
        phantom.close();
    }

    @Test
    void a_site_needing_credentials_the_user_lacks_is_a_validation_error_that_says_which() throws Exception {
        var e = error(() -> alice.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web")
                .minSize(1).maxSize(1).availabilityZones("hotel", "ec2")));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(e.awsErrorDetails().errorMessage()).contains("Site 'ec2' needs your cloud credentials")
                .contains("access_key_id").contains("phantom credentials set alice ec2");
        assertThat(alice.describeAutoScalingGroups().autoScalingGroups()).isEmpty();

        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("S\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(Main.run("credentials", "set", "alice", "ec2", "access_key_id=AKID", "secret_access_key",
                    "--config", writeConfig(), "--data-dir", phantom.dataDir.toString())).isZero();
        } finally {
            System.setIn(stdin);
        }
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web")
                .minSize(0).maxSize(0).availabilityZones("hotel", "ec2"));
        assertThat(alice.describeAutoScalingGroups().autoScalingGroups()).hasSize(1);
    }

    private static String writeConfig() throws Exception {
        java.nio.file.Path f = phantom.dataDir.resolve("phantom.yaml");
        java.nio.file.Files.writeString(f, "sites:\n  hotel: {driver: sim}\n  ec2: {driver: ec2, region: us-east-1}\n");
        return f.toString();
    }
}
