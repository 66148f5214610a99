package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import phantom.core.model.User;

/**
 * A signature covers exactly the parameters the action sees: a request signed in its query string
 * cannot have parameters added or replaced by an unsigned body, whatever the method and content type.
 */
class ParameterSmugglingTest {
    static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    static final String DELETE = "Action=DeleteAutoScalingGroup&Version=2011-01-01&AutoScalingGroupName=web&ForceDelete=true";
    static RunningPhantom phantom;
    static SignedHttp http;
    static software.amazon.awssdk.services.autoscaling.AutoScalingClient client;

    @BeforeAll
    static void start() throws Exception {
        phantom = RunningPhantom.start();
        User u = phantom.user("victim");
        http = new SignedHttp(phantom.endpoint(), u);
        var c = phantom.client(u);
        client = c;
        c.createLaunchConfiguration(r -> r.launchConfigurationName("web@hotel").imageId("ami").instanceType("t"));
        c.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web@hotel").minSize(0).maxSize(5));
    }

    @AfterAll
    static void stop() throws Exception {
        phantom.close();
    }

    static String signedLimits() throws Exception {
        return http.sigV2Query(Map.of("Action", "DescribeAccountLimits", "Version", "2011-01-01"));
    }

    static SignedHttp.Reply send(String method, String query, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(phantom.endpoint() + "/?" + query))
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) b.header("Content-Type", contentType);
        return http.send(b.build());
    }

    static void assertGroupUntouched() {
        var groups = client.describeAutoScalingGroups(r -> r.autoScalingGroupNames("web")).autoScalingGroups();
        assertThat(groups).as("the group was not deleted").hasSize(1);
        assertThat(groups.get(0).status()).as("the group is not being deleted").isNull();
        assertThat(groups.get(0).maxSize()).isEqualTo(5);
    }

    @Test
    void the_signed_query_alone_is_answered() throws Exception {
        SignedHttp.Reply r = http.send(HttpRequest.newBuilder(URI.create(phantom.endpoint() + "/?" + signedLimits())).GET().build());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("DescribeAccountLimitsResponse");
    }

    @Test
    void a_get_with_a_form_body_is_refused() throws Exception {
        SignedHttp.Reply r = send("GET", signedLimits(), FORM, DELETE);
        assertThat(r.status()).as(r.body()).isBetween(400, 499);
        assertThat(r.body()).doesNotContain("DeleteAutoScalingGroupResponse").doesNotContain("DescribeAccountLimitsResponse");
        assertGroupUntouched();
    }

    @Test
    void a_get_with_a_body_of_no_type_is_refused() throws Exception {
        SignedHttp.Reply r = send("GET", signedLimits(), null, DELETE);
        assertThat(r.status()).as(r.body()).isBetween(400, 499);
        assertGroupUntouched();
    }

    @Test
    void a_post_body_without_the_form_type_is_refused() throws Exception {
        for (String type : new String[] {null, "text/plain", "application/json"}) {
            SignedHttp.Reply r = send("POST", signedLimits(), type, DELETE);
            assertThat(r.status()).as(type + ": " + r.body()).isBetween(400, 499);
            assertThat(r.errorCode()).as(type).isEqualTo("UnsupportedMediaType");
        }
        assertGroupUntouched();
    }

    @Test
    void a_form_body_cannot_replace_a_signed_query_parameter() throws Exception {
        SignedHttp.Reply r = send("POST", signedLimits(), FORM, DELETE);
        assertThat(r.status()).as(r.body()).isBetween(400, 499);
        assertThat(r.body()).doesNotContain("DeleteAutoScalingGroupResponse");
        assertGroupUntouched();
    }

    @Test
    void an_unsigned_form_body_cannot_add_parameters_to_a_signed_query() throws Exception {
        String query = http.sigV2Query(Map.of("Action", "UpdateAutoScalingGroup", "Version", "2011-01-01",
                "AutoScalingGroupName", "web"));
        SignedHttp.Reply r = send("POST", query, FORM, "MaxSize=1");
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("SignatureDoesNotMatch");
        assertGroupUntouched();
    }

    @Test
    void a_sigv4_form_body_is_covered_by_the_payload_hash() throws Exception {
        SignedHttp.Reply ok = http.post("Action=DescribeAccountLimits&Version=2011-01-01".getBytes(StandardCharsets.UTF_8));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        HttpRequest signed = http.signedPost("Action=DescribeAccountLimits&Version=2011-01-01".getBytes(StandardCharsets.UTF_8),
                DELETE.getBytes(StandardCharsets.UTF_8));
        SignedHttp.Reply r = http.send(signed);
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("SignatureDoesNotMatch");
        assertGroupUntouched();
    }
}
