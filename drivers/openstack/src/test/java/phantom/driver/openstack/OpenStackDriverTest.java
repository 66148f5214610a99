package phantom.driver.openstack;

import phantom.core.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudDriverContract;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchSpec;

/** The driver against {@link FakeOpenStack}: the shared contract, then Nova specifics. */
class OpenStackDriverTest extends CloudDriverContract {
    static final String IMAGE_NAME = "cirros-0.6.2";
    static final String IMAGE_ID = "7d1b6f36-4ee2-4d1d-a2a5-3a2a5e0f6e01";
    static final String NETWORK_ID = "a3e4c9b0-7d39-4e4f-9a0e-5c52b0e1c001";

    final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T12:00:00Z"));
    FakeOpenStack cloud;
    CloudDriver driver;

    @BeforeEach
    void start() throws Exception {
        cloud = new FakeOpenStack(clock);
        cloud.addUser("alice", "s3cret", "demo");
        driver = driver(Map.of());
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    CloudDriver driver(Map<String, Object> extraOptions) {
        Map<String, Object> options = new HashMap<>(extraOptions);
        options.put("auth_url", cloud.authUrl());
        options.put("request_timeout_seconds", 5);
        return new OpenStackDriverFactory().create("chameleon", options, Path.of("unused"), clock);
    }

    @Override
    protected CloudDriver driver() {
        return driver;
    }

    @Override
    protected CloudCredentials credentials() {
        return new CloudCredentials(Map.of("username", "alice", "password", "s3cret", "project_name", "demo"));
    }

    @Override
    protected String goodImage() {
        return IMAGE_NAME;
    }

    @Override
    protected String badImage() {
        return "0b5c3a3e-0000-4000-8000-000000000bad";
    }

    @Override
    protected String unknownInstanceId() {
        return UUID.randomUUID().toString();
    }

    LaunchSpec fullSpec(String token) {
        return new LaunchSpec(token, "3f1c2a9e-1111-4222-8333-444455556666", "alice", "Web Tier", IMAGE_NAME, "m1.small",
                "mykey", List.of("default", "web"), "IyEvYmluL3NoCmVjaG8gaGk=",
                Map.of(LaunchSpec.TAG_TOKEN, token, "team", "blue", "bad/key@x", "v"));
    }

    JsonNode lastCreate() {
        FakeNova.Server last = cloud.nova.servers().get(cloud.nova.servers().size() - 1);
        return last.request;
    }

    static FaultClass faultClassOf(Throwable t) {
        return ((CloudFault) t).faultClass();
    }

    @Test
    void launch_sends_image_flavor_key_user_data_groups_and_phantoms_ids_in_metadata() throws Exception {
        CloudInstance vm = driver.launch(fullSpec("ph-0123456789abcdef"), credentials());

        JsonNode sent = lastCreate();
        assertThat(sent.path("name").asText()).isEqualTo("phantom-web-tier-89abcdef");
        assertThat(sent.path("imageRef").asText()).isEqualTo(IMAGE_ID);
        assertThat(sent.path("flavorRef").asText()).isEqualTo("2");
        assertThat(sent.path("key_name").asText()).isEqualTo("mykey");
        assertThat(sent.path("user_data").asText()).isEqualTo("IyEvYmluL3NoCmVjaG8gaGk=");
        assertThat(sent.path("security_groups").findValuesAsText("name")).containsExactly("default", "web");
        assertThat(sent.has("networks")).isFalse();
        assertThat(sent.path("metadata").path("phantom:token").asText()).isEqualTo("ph-0123456789abcdef");
        assertThat(sent.path("metadata").path("phantom:group").asText()).isEqualTo("3f1c2a9e-1111-4222-8333-444455556666");
        assertThat(sent.path("metadata").path("phantom:owner").asText()).isEqualTo("alice");
        assertThat(sent.path("metadata").path("team").asText()).isEqualTo("blue");
        assertThat(sent.path("metadata").path("bad_key_x").asText()).isEqualTo("v");
        assertThat(vm.state()).isEqualTo(CloudState.PENDING);
        assertThat(vm.instanceType()).isEqualTo("m1.small");
        assertThat(vm.launchTime()).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
    }

    @Test
    void listing_maps_nova_states_and_skips_servers_phantom_did_not_launch() throws Exception {
        cloud.nova.addForeignServer("demo");
        CloudInstance vm = driver.launch(spec(newToken(), UUID.randomUUID().toString(), IMAGE_ID), credentials());
        assertThat(driver.list(credentials())).extracting(CloudInstance::state).containsExactly(CloudState.PENDING);

        cloud.nova.boot();
        assertThat(driver.list(credentials())).singleElement().satisfies(i -> {
            assertThat(i.cloudId()).isEqualTo(vm.cloudId());
            assertThat(i.state()).isEqualTo(CloudState.RUNNING);
            assertThat(i.instanceType()).isEqualTo("m1.small");
        });

        cloud.nova.server(vm.cloudId()).status = "SHUTOFF";
        assertThat(driver.list(credentials())).extracting(CloudInstance::state).containsExactly(CloudState.STOPPED);
        cloud.nova.server(vm.cloudId()).status = "ERROR";
        assertThat(driver.list(credentials())).extracting(CloudInstance::state).containsExactly(CloudState.FAILED);
    }

    @Test
    void a_terminated_server_shows_as_terminated_while_nova_deletes_it_then_disappears() throws Exception {
        CloudInstance vm = driver.launch(spec(newToken(), UUID.randomUUID().toString(), IMAGE_ID), credentials());
        cloud.nova.boot();
        driver.terminate(vm.cloudId(), credentials());

        assertThat(driver.list(credentials())).extracting(CloudInstance::state).containsExactly(CloudState.TERMINATED);
        // Deleted now, out of the plain listing; changes-since still shows it, as DELETED.
        assertThat(cloud.nova.servers()).isEmpty();
        assertThat(driver.list(credentials())).extracting(CloudInstance::cloudId, CloudInstance::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(vm.cloudId(), CloudState.TERMINATED));
        clock.advance(OpenStackDriver.RECENTLY_DELETED.plusSeconds(1));
        assertThat(driver.list(credentials())).isEmpty();
    }

    @Test
    void a_server_deleted_outside_phantom_is_listed_as_terminated_however_young() throws Exception {
        CloudInstance gone = driver.launch(spec(newToken(), UUID.randomUUID().toString(), IMAGE_ID), credentials());
        CloudInstance kept = driver.launch(spec(newToken(), UUID.randomUUID().toString(), IMAGE_ID), credentials());
        cloud.nova.boot();
        cloud.nova.deleteNow(gone.cloudId());

        assertThat(driver.list(credentials())).extracting(CloudInstance::cloudId, CloudInstance::state)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(gone.cloudId(), CloudState.TERMINATED),
                        org.assertj.core.groups.Tuple.tuple(kept.cloudId(), CloudState.RUNNING));
        assertThat(driver.list(credentials())).filteredOn(i -> i.cloudId().equals(gone.cloudId()))
                .singleElement().satisfies(i -> assertThat(i.token()).isEqualTo(gone.token()));
        assertThat(cloud.requests("GET /compute/v2.1/servers/detail?changes-since=2026-11-24T11%3A50%3A00Z")).isNotEmpty();
    }

    @Test
    void recently_deleted_servers_are_listed_across_pages_and_once_each() throws Exception {
        cloud.nova.maxLimit = 1;
        String group = UUID.randomUUID().toString();
        List<String> deleted = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            deleted.add(driver.launch(spec(newToken(), group, IMAGE_ID), credentials()).cloudId());
        }
        CloudInstance live = driver.launch(spec(newToken(), group, IMAGE_ID), credentials());
        deleted.forEach(cloud.nova::deleteNow);

        List<CloudInstance> listed = driver.list(credentials());

        assertThat(listed).extracting(CloudInstance::cloudId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(deleted.stream(),
                        java.util.stream.Stream.of(live.cloudId())).toList());
        assertThat(listed).filteredOn(i -> deleted.contains(i.cloudId()))
                .allSatisfy(i -> assertThat(i.state()).isEqualTo(CloudState.TERMINATED));
    }

    @Test
    void a_nova_that_refuses_changes_since_still_gives_the_live_listing() throws Exception {
        CloudInstance gone = driver.launch(spec(newToken(), UUID.randomUUID().toString(), IMAGE_ID), credentials());
        CloudInstance kept = driver.launch(spec(newToken(), UUID.randomUUID().toString(), IMAGE_ID), credentials());
        cloud.nova.deleteNow(gone.cloudId());
        cloud.nova.refuseChangesSince = true;

        assertThat(driver.list(credentials())).extracting(CloudInstance::cloudId).containsExactly(kept.cloudId());
    }

    @Test
    void listing_follows_nova_pagination_links() throws Exception {
        cloud.nova.maxLimit = 2;
        String group = UUID.randomUUID().toString();
        for (int i = 0; i < 5; i++) {
            driver.launch(spec(newToken(), group, IMAGE_ID), credentials());
        }
        List<CloudInstance> listed = driver.list(credentials());

        assertThat(listed).hasSize(5);
        assertThat(listed).extracting(CloudInstance::cloudId).doesNotHaveDuplicates();
        assertThat(cloud.requests("GET /compute/v2.1/servers/detail?limit=2&marker=")).isNotEmpty();
    }

    @Test
    void pagination_links_naming_an_internal_host_are_followed_on_the_catalogs_endpoint() throws Exception {
        cloud.nova.maxLimit = 2;
        cloud.nova.linkBase = "http://controller.internal:8774/v2.1";
        for (int i = 0; i < 3; i++) {
            driver.launch(spec(newToken(), "g", IMAGE_ID), credentials());
        }
        assertThat(driver.list(credentials())).hasSize(3);
    }

    @Test
    void launching_again_with_the_same_token_finds_the_server_by_metadata_even_from_a_fresh_driver() throws Exception {
        cloud.nova.maxLimit = 1;
        String token = newToken();
        String group = UUID.randomUUID().toString();
        driver.launch(spec(newToken(), group, IMAGE_ID), credentials());
        CloudInstance first = driver.launch(spec(token, group, IMAGE_ID), credentials());
        driver.launch(spec(newToken(), group, IMAGE_ID), credentials());

        CloudDriver afterRestart = driver(Map.of());
        CloudInstance again = afterRestart.launch(spec(token, group, IMAGE_ID), credentials());

        assertThat(again.cloudId()).isEqualTo(first.cloudId());
        assertThat(again.token()).isEqualTo(token);
        assertThat(cloud.requests("POST /compute/v2.1/servers")).hasSize(3);
    }

    @Test
    void the_re_send_of_a_launch_after_a_401_asks_the_launch_guard_again() {
        // The token expires just as the launch is sent (Nova answers 401, no server made); the driver
        // signs in again and would re-send, but meanwhile the node's lease lapsed: nothing is sent.
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        phantom.core.driver.LaunchGuard guard = () -> {
            if (asked.incrementAndGet() == 1) {
                cloud.revokeAllTokens();
            } else {
                throw new phantom.core.driver.LaunchGuard.Refused("the lease lapsed");
            }
        };
        assertThatThrownBy(() -> driver.launch(spec(newToken(), UUID.randomUUID().toString(), IMAGE_ID), credentials(), guard))
                .isInstanceOf(phantom.core.driver.LaunchGuard.Refused.class);
        assertThat(asked).hasValue(2);
        assertThat(cloud.requests("POST /compute/v2.1/servers")).as("only the refused first send").hasSize(1);
        assertThat(cloud.nova.servers()).isEmpty();
    }

    @Test
    void quota_exceeded_is_a_quota_fault() throws Exception {
        cloud.nova.maxServers = 1;
        driver.launch(spec(newToken(), UUID.randomUUID().toString(), IMAGE_ID), credentials());

        assertThatThrownBy(() -> driver.launch(spec(newToken(), UUID.randomUUID().toString(), IMAGE_ID), credentials()))
                .isInstanceOfSatisfying(CloudFault.class, f -> {
                    assertThat(f.faultClass()).isEqualTo(FaultClass.QUOTA);
                    assertThat(f.code()).isEqualTo("QuotaExceeded");
                    assertThat(f.getMessage()).contains("Quota exceeded for instances");
                });
        assertThat(driver.list(credentials())).hasSize(1);
    }

    @Test
    void no_valid_host_is_a_capacity_fault_and_the_failed_server_is_deleted() throws Exception {
        cloud.nova.noValidHost = true;
        String token = newToken();

        assertThatThrownBy(() -> driver.launch(spec(token, UUID.randomUUID().toString(), IMAGE_ID), credentials()))
                .isInstanceOfSatisfying(CloudFault.class, f -> {
                    assertThat(f.faultClass()).isEqualTo(FaultClass.CAPACITY);
                    assertThat(f.code()).isEqualTo("NoValidHost");
                    assertThat(f.getMessage()).contains("No valid host was found");
                });
        assertThat(cloud.nova.servers()).singleElement().satisfies(s -> assertThat(s.taskState).isEqualTo("deleting"));
        assertThat(driver.list(credentials())).allSatisfy(i -> assertThat(i.state()).isEqualTo(CloudState.TERMINATED));
    }

    @Test
    void an_unknown_flavor_is_a_config_fault_naming_the_flavors_there_are() {
        LaunchSpec spec = new LaunchSpec(newToken(), UUID.randomUUID().toString(), "alice", "web", IMAGE_ID,
                "m1.huge", null, List.of(), null, Map.of());
        assertThatThrownBy(() -> driver.launch(spec, credentials()))
                .isInstanceOfSatisfying(CloudFault.class, f -> {
                    assertThat(f.faultClass()).isEqualTo(FaultClass.CONFIG);
                    assertThat(f.code()).isEqualTo("FlavorNotFound");
                    assertThat(f.getMessage()).contains("m1.huge", "m1.small", "m1.tiny");
                });
        assertThat(cloud.requests("POST /compute")).isEmpty();
    }

    @Test
    void a_flavor_may_be_given_by_id() throws Exception {
        LaunchSpec spec = new LaunchSpec(newToken(), "g", "alice", "web", IMAGE_ID, "3", null, List.of(), null, Map.of());
        driver.launch(spec, credentials());
        assertThat(lastCreate().path("flavorRef").asText()).isEqualTo("3");
        assertThat(driver.list(credentials())).extracting(CloudInstance::instanceType).containsExactly("m1.medium");
    }

    @Test
    void an_image_name_nobody_has_is_a_config_fault() {
        assertThatThrownBy(() -> driver.launch(spec(newToken(), "g", "ubuntu-99.04"), credentials()))
                .isInstanceOfSatisfying(CloudFault.class, f -> {
                    assertThat(f.faultClass()).isEqualTo(FaultClass.CONFIG);
                    assertThat(f.code()).isEqualTo("ImageNotFound");
                    assertThat(f.getMessage()).contains("ubuntu-99.04");
                });
    }

    @Test
    void two_images_with_one_name_is_a_config_fault_listing_their_ids() {
        cloud.images.put("11111111-2222-4333-8444-555555555555", IMAGE_NAME);
        assertThatThrownBy(() -> driver.launch(spec(newToken(), "g", IMAGE_NAME), credentials()))
                .isInstanceOfSatisfying(CloudFault.class, f -> {
                    assertThat(f.code()).isEqualTo("AmbiguousImage");
                    assertThat(f.getMessage()).contains(IMAGE_ID, "11111111-2222-4333-8444-555555555555");
                });
    }

    @Test
    void an_unknown_key_pair_or_security_group_is_a_config_fault() {
        LaunchSpec badKey = new LaunchSpec(newToken(), "g", "alice", "web", IMAGE_ID, "m1.small", "nokey", List.of(),
                null, Map.of());
        LaunchSpec badGroup = new LaunchSpec(newToken(), "g", "alice", "web", IMAGE_ID, "m1.small", null,
                List.of("nosuch"), null, Map.of());
        assertThatThrownBy(() -> driver.launch(badKey, credentials())).isInstanceOfSatisfying(CloudFault.class,
                f -> assertThat(f.code()).isEqualTo("KeyPairNotFound"));
        assertThatThrownBy(() -> driver.launch(badGroup, credentials())).isInstanceOfSatisfying(CloudFault.class,
                f -> assertThat(f.code()).isEqualTo("SecurityGroupNotFound"));
        assertThat(cloud.nova.servers()).isEmpty();
    }

    @Test
    void the_network_option_attaches_servers_by_id_or_by_name() throws Exception {
        cloud.networks.put("b0000000-0000-4000-8000-000000000002", "public");
        driver(Map.of("network", "private")).launch(spec(newToken(), "g", IMAGE_ID), credentials());
        assertThat(lastCreate().path("networks").findValuesAsText("uuid")).containsExactly(NETWORK_ID);

        driver(Map.of("network", "b0000000-0000-4000-8000-000000000002"))
                .launch(spec(newToken(), "g", IMAGE_ID), credentials());
        assertThat(lastCreate().path("networks").findValuesAsText("uuid"))
                .containsExactly("b0000000-0000-4000-8000-000000000002");
    }

    @Test
    void several_networks_and_no_network_option_is_a_config_fault() {
        cloud.networks.put("b0000000-0000-4000-8000-000000000002", "public");
        assertThatThrownBy(() -> driver.launch(spec(newToken(), "g", IMAGE_ID), credentials()))
                .isInstanceOfSatisfying(CloudFault.class, f -> {
                    assertThat(f.faultClass()).isEqualTo(FaultClass.CONFIG);
                    assertThat(f.code()).isEqualTo("AmbiguousNetwork");
                });
        assertThatThrownBy(() -> driver(Map.of("network", "nosuch")).launch(spec(newToken(), "g", IMAGE_ID), credentials()))
                .isInstanceOfSatisfying(CloudFault.class, f -> assertThat(f.code()).isEqualTo("NetworkNotFound"));
    }

    @Test
    void a_nova_outage_is_transient() {
        cloud.failNextServiceCall(503, "<html><body><h1>503 Service Unavailable</h1></body></html>");
        assertThatThrownBy(() -> driver.list(credentials())).isInstanceOfSatisfying(CloudFault.class, f -> {
            assertThat(f.faultClass()).isEqualTo(FaultClass.TRANSIENT);
            assertThat(f.code()).isEqualTo("ServiceUnavailable");
            assertThat(f.getMessage()).contains("503 Service Unavailable");
        });
    }

    @Test
    void an_unreachable_cloud_is_transient() throws Exception {
        String authUrl = cloud.authUrl();
        cloud.close();
        CloudDriver down = new OpenStackDriverFactory().create("chameleon", Map.of("auth_url", authUrl,
                "request_timeout_seconds", 2), Path.of("unused"), clock);
        assertThatThrownBy(() -> down.list(credentials()))
                .satisfies(t -> assertThat(faultClassOf(t)).isEqualTo(FaultClass.TRANSIENT));
    }

    @Test
    void terminate_of_a_server_that_is_already_deleting_succeeds() throws Exception {
        CloudInstance vm = driver.launch(spec(newToken(), "g", IMAGE_ID), credentials());
        driver.terminate(vm.cloudId(), credentials());
        cloud.failNextServiceCall(409, FakeOpenStack.error("conflictingRequest", 409,
                "Cannot 'delete' instance " + vm.cloudId() + " while it is in task_state deleting").toString());
        driver.terminate(vm.cloudId(), credentials());
        assertThat(cloud.requests("DELETE /compute/v2.1/servers/" + vm.cloudId())).hasSize(2);
    }

    @Test
    void the_internal_interface_option_uses_the_catalogs_internal_endpoints() throws Exception {
        driver(Map.of("interface", "internal")).list(credentials());
        assertThat(cloud.requests("GET /internal/compute/v2.1/servers/detail")).hasSize(2); // live, recently deleted
        assertThat(cloud.requests("GET /compute")).isEmpty();
    }

    @Test
    void capabilities_state_no_idempotent_launch_and_the_password_credential_names() {
        assertThat(driver.capabilities().idempotentLaunch())
                .as("Nova has no idempotency key; the token lookup before a create is check-then-act").isFalse();
        assertThat(driver.capabilities().credentialNames()).containsExactly("username", "password", "project_name");
    }
}
