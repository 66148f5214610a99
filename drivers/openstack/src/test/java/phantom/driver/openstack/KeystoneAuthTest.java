package phantom.driver.openstack;

import phantom.core.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;

/** Keystone v3 authentication, token caching and re-authentication, against {@link FakeOpenStack}. */
class KeystoneAuthTest {
    static final CloudCredentials ALICE =
            new CloudCredentials(Map.of("username", "alice", "password", "s3cret", "project_name", "demo"));

    final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T12:00:00Z"));
    FakeOpenStack cloud;
    CloudDriver driver;

    @BeforeEach
    void start() throws Exception {
        cloud = new FakeOpenStack(clock);
        cloud.addUser("alice", "s3cret", "demo");
        driver = new OpenStackDriverFactory().create("chameleon", Map.of("auth_url", cloud.authUrl() + "/"),
                Path.of("unused"), clock);
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    /** The request openstack4j 3.12 sent to Keystone (api/src/test/resources/client-captures.txt, section L; copied here as keystone-password-auth-openstack4j.json). */
    static String capturedOpenstack4jBody() throws Exception {
        try (InputStream in = KeystoneAuthTest.class.getResourceAsStream("/keystone-password-auth-openstack4j.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void the_password_request_has_the_shape_a_real_client_sends_and_the_fake_accepts_that_shape() throws Exception {
        JsonNode captured = FakeOpenStack.JSON.readTree(capturedOpenstack4jBody());
        Identity admin = Identity.of(new CloudCredentials(Map.of("username", "admin", "password", "secret",
                "project_name", "demo")), SiteOptions.parse("s", Map.of("auth_url", "http://k/v3")));
        assertThat(admin.authRequest()).isEqualTo(captured);

        cloud.addUser("admin", "secret", "demo");
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cloud.authUrl()
                + "/auth/tokens")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(capturedOpenstack4jBody())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.headers().firstValue("X-Subject-Token")).isPresent();
    }

    @Test
    void an_application_credential_authenticates_without_a_scope() throws Exception {
        cloud.addApplicationCredential("423f19a4ac1e4f48bbb4180756e6eb6c", "rEaqvJka48mpv", "demo");
        CloudCredentials appCred = new CloudCredentials(Map.of("application_credential_id",
                "423f19a4ac1e4f48bbb4180756e6eb6c", "application_credential_secret", "rEaqvJka48mpv"));

        assertThat(driver.list(appCred)).isEmpty();

        JsonNode sent = cloud.authRequests().get(0);
        assertThat(sent.path("identity").path("methods").get(0).asText()).isEqualTo("application_credential");
        assertThat(sent.path("identity").path("application_credential").path("id").asText())
                .isEqualTo("423f19a4ac1e4f48bbb4180756e6eb6c");
        assertThat(sent.has("scope")).isFalse();
    }

    @Test
    void a_project_id_scopes_the_token_by_id() throws Exception {
        CloudCredentials byId = new CloudCredentials(Map.of("username", "alice", "password", "s3cret",
                "project_id", cloud.projectId("demo")));
        assertThat(driver.list(byId)).isEmpty();
        assertThat(cloud.authRequests().get(0).path("scope").path("project").path("id").asText())
                .isEqualTo(cloud.projectId("demo"));
    }

    @Test
    void one_token_serves_many_calls_until_it_nears_expiry() throws Exception {
        for (int i = 0; i < 5; i++) {
            driver.list(ALICE);
        }
        assertThat(cloud.tokensIssued()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(58));
        driver.list(ALICE);
        assertThat(cloud.tokensIssued()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        driver.list(ALICE);
        assertThat(cloud.tokensIssued()).isEqualTo(2);
        assertThat(cloud.requests("GET /compute")).hasSize(14); // each listing: live servers, recently deleted ones
    }

    @Test
    void each_user_gets_a_token_of_their_own() throws Exception {
        cloud.addUser("bob", "pw", "other");
        driver.list(ALICE);
        driver.list(new CloudCredentials(Map.of("username", "bob", "password", "pw", "project_name", "other")));
        driver.list(ALICE);
        assertThat(cloud.tokensIssued()).isEqualTo(2);
    }

    @Test
    void a_refused_token_is_replaced_once_and_the_call_goes_through() throws Exception {
        driver.list(ALICE);
        cloud.revokeAllTokens();

        assertThat(driver.list(ALICE)).isEmpty();
        assertThat(cloud.tokensIssued()).isEqualTo(2);
    }

    @Test
    void a_token_refused_again_after_re_authentication_is_a_config_fault() {
        cloud.refuseAllTokens = true;
        assertThatThrownBy(() -> driver.list(ALICE)).isInstanceOfSatisfying(CloudFault.class, f -> {
            assertThat(f.faultClass()).isEqualTo(FaultClass.CONFIG);
            assertThat(f.code()).isEqualTo("Unauthorized");
        });
        assertThat(cloud.tokensIssued()).isEqualTo(2);
        assertThat(cloud.requests("GET /compute")).hasSize(2);
    }

    @Test
    void a_wrong_password_is_a_config_fault_that_keeps_the_password_out_of_the_message() {
        CloudCredentials wrong = new CloudCredentials(Map.of("username", "alice", "password", "hunter2",
                "project_name", "demo"));
        assertThatThrownBy(() -> driver.list(wrong)).isInstanceOfSatisfying(CloudFault.class, f -> {
            assertThat(f.faultClass()).isEqualTo(FaultClass.CONFIG);
            assertThat(f.code()).isEqualTo("AuthenticationFailed");
            assertThat(f.getMessage()).contains("alice").doesNotContain("hunter2");
        });
    }

    @Test
    void missing_or_mixed_credentials_are_config_faults_before_any_call() {
        CloudCredentials noProject = new CloudCredentials(Map.of("username", "alice", "password", "s3cret"));
        CloudCredentials halfAppCred = new CloudCredentials(Map.of("application_credential_id", "x"));
        CloudCredentials both = new CloudCredentials(Map.of("username", "alice", "password", "s3cret",
                "project_name", "demo", "application_credential_id", "x", "application_credential_secret", "y"));

        assertThatThrownBy(() -> driver.list(noProject)).isInstanceOfSatisfying(CloudFault.class, f -> {
            assertThat(f.faultClass()).isEqualTo(FaultClass.CONFIG);
            assertThat(f.code()).isEqualTo("MissingCredentials");
            assertThat(f.getMessage()).contains("project_name", "project_id");
        });
        assertThatThrownBy(() -> driver.list(halfAppCred)).isInstanceOfSatisfying(CloudFault.class,
                f -> assertThat(f.getMessage()).contains("application_credential_secret"));
        assertThatThrownBy(() -> driver.list(both)).isInstanceOfSatisfying(CloudFault.class,
                f -> assertThat(f.getMessage()).contains("only one"));
        assertThatThrownBy(() -> driver.list(CloudCredentials.NONE)).isInstanceOfSatisfying(CloudFault.class,
                f -> assertThat(f.code()).isEqualTo("MissingCredentials"));
        assertThat(cloud.requests("")).isEmpty();
    }

    @Test
    void an_auth_url_that_is_not_keystone_is_a_config_fault() {
        CloudDriver wrong = new OpenStackDriverFactory().create("chameleon",
                Map.of("auth_url", cloud.base() + "/identity/v3"), Path.of("unused"), clock);
        assertThatThrownBy(() -> wrong.list(ALICE)).isInstanceOfSatisfying(CloudFault.class, f -> {
            assertThat(f.faultClass()).isEqualTo(FaultClass.CONFIG);
            assertThat(f.code()).isEqualTo("AuthUrlNotFound");
        });
    }

    @Test
    void identities_never_show_secrets() throws Exception {
        SiteOptions site = SiteOptions.parse("s", Map.of("auth_url", "http://k/v3"));
        assertThat(Identity.of(ALICE, site).toString()).contains("alice").doesNotContain("s3cret");
        assertThat(Identity.of(new CloudCredentials(Map.of("application_credential_id", "id1",
                "application_credential_secret", "topsecret")), site).toString()).doesNotContain("topsecret");
    }
}
