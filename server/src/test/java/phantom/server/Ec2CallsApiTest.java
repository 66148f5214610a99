package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.ApiErrors.error;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import phantom.core.model.User;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.AvailabilityZoneOptInStatus;
import software.amazon.awssdk.services.ec2.model.AvailabilityZoneState;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The EC2 calls tools make on the Auto Scaling endpoint (issue 12, item 6c), through the AWS SDK for
 * Java v2's own {@link Ec2Client} pointed at the packaged server: sites as availability zones, no
 * security groups, every other EC2 call refused in EC2's dialect, and the signature rules as for
 * every call (the scope's service {@code ec2} for these calls only).
 */
class Ec2CallsApiTest {
    static RunningPhantom phantom;
    static User alice;
    static User bob;
    static Ec2Client aliceEc2;
    static Ec2Client bobEc2;

    @BeforeAll
    static void start() throws Exception {
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
        sites.put("hotel", RunningPhantom.sim("hotel", Map.of()));
        sites.put("ec2", new SiteConfig("ec2", "ec2", Map.of("region", "us-east-1", "endpoint", "http://127.0.0.1:9")));
        sites.put("sierra", RunningPhantom.sim("sierra", Map.of()));
        phantom = RunningPhantom.start(sites);
        alice = phantom.user("alice");
        bob = phantom.user("bob");
        phantom.runWithInput("bob-cloud-secret\n", "credentials", "set", "bob", "ec2", "access_key_id=AKIDBOB", "secret_access_key");
        aliceEc2 = ec2(StaticCredentialsProvider.create(AwsBasicCredentials.create(alice.accessKeyId(), alice.secretAccessKey())));
        bobEc2 = ec2(StaticCredentialsProvider.create(AwsBasicCredentials.create(bob.accessKeyId(), bob.secretAccessKey())));
    }

    static Ec2Client ec2(AwsCredentialsProvider credentials) {
        return Ec2Client.builder().endpointOverride(phantom.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @AfterAll
    static void stop() throws Exception {
        aliceEc2.close();
        bobEc2.close();
        phantom.close();
    }

    @Test
    void the_zones_are_the_sites_the_caller_can_run_a_group_on_in_configuration_order() {
        DescribeAvailabilityZonesResponse r = aliceEc2.describeAvailabilityZones();
        assertThat(r.availabilityZones()).extracting(AvailabilityZone::zoneName).containsExactly("hotel", "sierra");
        for (AvailabilityZone z : r.availabilityZones()) {
            assertThat(z.state()).isEqualTo(AvailabilityZoneState.AVAILABLE);
            assertThat(z.regionName()).isEqualTo("phantom");
            assertThat(z.zoneId()).isEqualTo(z.zoneName());
            assertThat(z.optInStatus()).isEqualTo(AvailabilityZoneOptInStatus.OPT_IN_NOT_REQUIRED);
            assertThat(z.zoneType()).isEqualTo("availability-zone");
            assertThat(z.messages()).isEmpty();
        }
        assertThat(r.responseMetadata().requestId()).matches("[0-9a-f-]{36}");
        // bob has set his credentials for the ec2 site
        assertThat(bobEc2.describeAvailabilityZones().availabilityZones()).extracting(AvailabilityZone::zoneName)
                .containsExactly("hotel", "ec2", "sierra");
    }

    @Test
    void the_zones_a_tool_reads_make_a_group_that_runs() {
        // what Ansible's autoscaling_group does when given no zones: every zone listed becomes one
        List<String> zones = aliceEc2.describeAvailabilityZones().availabilityZones().stream().map(AvailabilityZone::zoneName).toList();
        try (AutoScalingClient asg = phantom.client(alice)) {
            asg.createLaunchConfiguration(r -> r.launchConfigurationName("zones").imageId("ami-1").instanceType("m1.small"));
            asg.createAutoScalingGroup(r -> r.autoScalingGroupName("zones").launchConfigurationName("zones")
                    .minSize(0).maxSize(0).availabilityZones(zones));
            assertThat(asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames("zones")).autoScalingGroups().get(0)
                    .availabilityZones()).containsExactlyElementsOf(zones);
            asg.deleteAutoScalingGroup(r -> r.autoScalingGroupName("zones"));
        }
    }

    @Test
    void a_site_missing_the_callers_credentials_is_listed_on_request_as_not_opted_in_and_says_why() {
        List<AvailabilityZone> all = aliceEc2.describeAvailabilityZones(r -> r.allAvailabilityZones(true)).availabilityZones();
        assertThat(all).extracting(AvailabilityZone::zoneName).containsExactly("hotel", "ec2", "sierra");
        AvailabilityZone ec2 = all.get(1);
        assertThat(ec2.optInStatus()).isEqualTo(AvailabilityZoneOptInStatus.NOT_OPTED_IN);
        assertThat(ec2.messages()).singleElement().satisfies(m -> assertThat(m.message())
                .contains("Site 'ec2' needs your cloud credentials").contains("phantom credentials set alice ec2"));
        assertThat(aliceEc2.describeAvailabilityZones(r -> r.zoneNames("ec2")).availabilityZones())
                .extracting(AvailabilityZone::zoneName).containsExactly("ec2");
        assertThat(bobEc2.describeAvailabilityZones(r -> r.filters(Filter.builder().name("zone-name").values("s*", "ec?").build()))
                .availabilityZones()).extracting(AvailabilityZone::zoneName).containsExactly("ec2", "sierra");
    }

    @Test
    void an_unknown_zone_or_filter_is_an_invalid_parameter_value() {
        AwsServiceException zone = error(() -> aliceEc2.describeAvailabilityZones(r -> r.zoneNames("us-east-1a")));
        assertThat(zone.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(zone.statusCode()).isEqualTo(400);
        assertThat(zone.awsErrorDetails().errorMessage()).isEqualTo("Invalid availability zone: [us-east-1a]");
        AwsServiceException filter = error(() -> aliceEc2.describeAvailabilityZones(r -> r.filters(
                Filter.builder().name("colour").values("red").build())));
        assertThat(filter.awsErrorDetails().errorMessage()).isEqualTo("The filter 'colour' is invalid");
    }

    @Test
    void there_are_no_security_groups() {
        DescribeSecurityGroupsResponse r = aliceEc2.describeSecurityGroups();
        assertThat(r.securityGroups()).isEmpty();
        assertThat(r.nextToken()).isNull();
        // what Ansible's autoscaling_launch_config sends with a vpc_id
        assertThat(aliceEc2.describeSecurityGroups(q -> q.filters(Filter.builder().name("vpc-id").values("vpc-1").build()))
                .securityGroups()).isEmpty();
        AwsServiceException named = error(() -> aliceEc2.describeSecurityGroups(q -> q.groupNames("default")));
        assertThat(named.awsErrorDetails().errorCode()).isEqualTo("InvalidGroup.NotFound");
        assertThat(named.statusCode()).isEqualTo(400);
        assertThat(named.awsErrorDetails().errorMessage()).isEqualTo("The security group 'default' does not exist");
    }

    @Test
    void a_dry_run_is_refused_as_ec2_refuses_one_that_would_succeed() {
        AwsServiceException e = error(() -> aliceEc2.describeAvailabilityZones(r -> r.dryRun(true)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DryRunOperation");
        assertThat(e.statusCode()).isEqualTo(412);
    }

    @Test
    void every_other_ec2_call_is_an_unsupported_operation() {
        AwsServiceException run = error(() -> aliceEc2.runInstances(r -> r.imageId("ami-1").minCount(1).maxCount(1)));
        assertThat(run.awsErrorDetails().errorCode()).isEqualTo("UnsupportedOperation");
        assertThat(run.statusCode()).isEqualTo(400);
        assertThat(run.awsErrorDetails().errorMessage()).isEqualTo("Phantom answers only the EC2 calls"
                + " DescribeAvailabilityZones, DescribeSecurityGroups on its Auto Scaling endpoint; RunInstances is not one of them.");
        assertThat(run.requestId()).matches("[0-9a-f-]{36}");
        assertThat(error(aliceEc2::describeInstances).awsErrorDetails().errorCode()).isEqualTo("UnsupportedOperation");
    }

    @Test
    void unsigned_and_badly_signed_ec2_calls_are_refused_as_usual_in_ec2s_words() {
        try (Ec2Client anonymous = ec2(AnonymousCredentialsProvider.create())) {
            AwsServiceException e = error(anonymous::describeAvailabilityZones);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationToken");
            assertThat(e.statusCode()).isEqualTo(403);
        }
        try (Ec2Client wrongSecret = ec2(StaticCredentialsProvider.create(AwsBasicCredentials.create(alice.accessKeyId(), "wrong")))) {
            AwsServiceException e = error(wrongSecret::describeSecurityGroups);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            assertThat(e.statusCode()).isEqualTo(403);
        }
        try (Ec2Client unknownKey = ec2(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDNOBODY", "x")))) {
            AwsServiceException e = error(unknownKey::describeAvailabilityZones);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
            assertThat(e.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void ec2_is_the_signing_service_of_the_ec2_calls_and_of_no_other() throws Exception {
        SignedHttp http = new SignedHttp(phantom.endpoint(), alice);
        SignedHttp.Reply asgForEc2 = http.post(body("Action=DescribeAutoScalingGroups&Version=2011-01-01"), "ec2");
        assertThat(asgForEc2.status()).isEqualTo(403);
        assertThat(asgForEc2.xml().getDocumentElement().getNodeName()).isEqualTo("ErrorResponse");
        assertThat(asgForEc2.errorCode()).isEqualTo("SignatureDoesNotMatch");
        assertThat(asgForEc2.body()).contains("Credential should be scoped to correct service: 'autoscaling'.");

        SignedHttp.Reply ec2ForAsg = http.post(body("Action=DescribeAvailabilityZones&Version=2016-11-15"), "autoscaling");
        assertThat(ec2ForAsg.status()).isEqualTo(403);
        assertThat(ec2ForAsg.xml().getDocumentElement().getNodeName()).isEqualTo("Response");
        assertThat(ec2ForAsg.errorCode()).isEqualTo("SignatureDoesNotMatch");
        assertThat(ec2ForAsg.body()).contains("Credential should be scoped to correct service: 'ec2'.");

        SignedHttp.Reply ok = http.post(body("Action=DescribeAvailabilityZones&Version=2016-11-15"), "ec2");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.requestIdHeader()).isEqualTo(ok.xml().getElementsByTagName("requestId").item(0).getTextContent());

        // an Auto Scaling call with the EC2 version is an EC2 call Phantom does not answer, in EC2's words
        SignedHttp.Reply asgAsEc2 = http.post(body("Action=DescribeAutoScalingGroups&Version=2016-11-15"), "ec2");
        assertThat(asgAsEc2.status()).isEqualTo(400);
        assertThat(asgAsEc2.errorCode()).isEqualTo("UnsupportedOperation");
    }

    @Test
    void a_sigv2_signed_ec2_call_has_no_scope_and_is_answered() throws Exception {
        SignedHttp http = new SignedHttp(phantom.endpoint(), alice);
        String query = http.sigV2Query(Map.of("Action", "DescribeAvailabilityZones", "Version", "2016-11-15"));
        SignedHttp.Reply r = http.send(HttpRequest.newBuilder(URI.create(phantom.endpoint() + "/?" + query)).GET().build());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.xml().getDocumentElement().getNodeName()).isEqualTo("DescribeAvailabilityZonesResponse");
        assertThat(r.body()).contains("xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"").contains("<zoneName>hotel</zoneName>");
    }

    private static byte[] body(String form) {
        return form.getBytes(StandardCharsets.UTF_8);
    }
}
