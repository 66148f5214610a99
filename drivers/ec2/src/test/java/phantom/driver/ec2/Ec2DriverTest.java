package phantom.driver.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudDriverContract;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchSpec;
import phantom.core.model.Installation;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** The EC2 driver against moto's EC2, with moto checking AMIs, key pairs and instance types like EC2 does. */
class Ec2DriverTest extends CloudDriverContract {

    @RegisterExtension
    static final MotoServer moto = MotoServer.validating();

    static final CloudCredentials KEYS = new CloudCredentials(
            Map.of(AwsKeys.ACCESS_KEY_ID, "AKIDPHANTOMTEST", AwsKeys.SECRET_ACCESS_KEY, "not-a-secret"));

    static Ec2Client ec2;
    static Ec2Driver driver;
    static String image;

    @BeforeAll
    static void start() {
        ec2 = moto.client();
        image = ec2.describeImages(b -> b.filters(Filter.builder().name("state").values("available").build()))
                .images().get(0).imageId();
        driver = new Ec2Driver(options());
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.close();
        }
        if (ec2 != null) {
            ec2.close();
        }
    }

    static Ec2SiteOptions options() {
        return new Ec2SiteOptions("moto", "us-east-1", moto.endpoint(), Duration.ofSeconds(5), Duration.ofSeconds(30), 2);
    }

    @Override
    protected CloudDriver driver() {
        return driver;
    }

    @Override
    protected CloudCredentials credentials() {
        return KEYS;
    }

    @Override
    protected String goodImage() {
        return image;
    }

    @Override
    protected String badImage() {
        return "ami-00000000000000000";
    }

    @Override
    protected String unknownInstanceId() {
        return "i-00000000000000000";
    }

    private static Instance described(String instanceId) {
        return ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    private static Map<String, String> tagsOf(Instance i) {
        return i.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private LaunchSpec spec(String token, String group, String keyName, List<String> securityGroups, String userData,
            Map<String, String> extraTags) {
        var tags = new HashMap<>(extraTags);
        tags.putAll(Map.of(LaunchSpec.TAG_TOKEN, token, LaunchSpec.TAG_GROUP, group, LaunchSpec.TAG_OWNER, "alice"));
        return new LaunchSpec(token, group, "alice", "web", image, "m1.small", keyName, securityGroups, userData, tags);
    }

    @Test
    void the_token_goes_to_ec2_as_client_token_and_every_tag_reaches_the_vm() throws Exception {
        String token = newToken();
        String group = UUID.randomUUID().toString();
        CloudInstance vm = driver.launch(spec(token, group, null, List.of(), null, Map.of("team", "blue")), KEYS);

        Instance seen = described(vm.cloudId());
        assertThat(seen.clientToken()).isEqualTo(token);
        assertThat(tagsOf(seen)).containsExactlyInAnyOrderEntriesOf(Map.of(
                LaunchSpec.TAG_TOKEN, token, LaunchSpec.TAG_GROUP, group, LaunchSpec.TAG_OWNER, "alice",
                "Name", "phantom-web", "team", "blue"));
        assertThat(vm.token()).isEqualTo(token);
        assertThat(vm.groupUuid()).isEqualTo(group);
        assertThat(vm.instanceType()).isEqualTo("m1.small");
        assertThat(vm.launchTime()).isNotNull();
    }

    @Test
    void key_pair_security_groups_and_user_data_reach_the_vm() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ec2.createKeyPair(b -> b.keyName("key-" + suffix));
        ec2.createSecurityGroup(b -> b.groupName("sg-a-" + suffix).description("a"));
        ec2.createSecurityGroup(b -> b.groupName("sg-b-" + suffix).description("b"));
        String userData = Base64.getEncoder().encodeToString("#!/bin/sh\necho phantom\n".getBytes(StandardCharsets.UTF_8));

        CloudInstance vm = driver.launch(spec(newToken(), UUID.randomUUID().toString(), "key-" + suffix,
                List.of("sg-a-" + suffix, "sg-b-" + suffix), userData, Map.of()), KEYS);

        Instance seen = described(vm.cloudId());
        assertThat(seen.keyName()).isEqualTo("key-" + suffix);
        assertThat(seen.securityGroups()).extracting(GroupIdentifier::groupName)
                .containsExactlyInAnyOrder("sg-a-" + suffix, "sg-b-" + suffix);
        String stored = ec2.describeInstanceAttribute(b -> b.instanceId(vm.cloudId()).attribute(InstanceAttributeName.USER_DATA))
                .userData().value();
        assertThat(stored).isEqualTo(userData);
    }

    @Test
    void a_retry_after_a_lost_response_adopts_the_vm_the_first_attempt_started() throws Exception {
        // The first attempt reached EC2 but its answer was lost. moto, like some EC2-compatible
        // clouds, does not de-duplicate by ClientToken, so only the tag lookup prevents a second VM.
        String token = newToken();
        String group = UUID.randomUUID().toString();
        String first = ec2.runInstances(LaunchRequest.of(spec(token, group, null, List.of(), null, Map.of())))
                .instances().get(0).instanceId();

        CloudInstance again = driver.launch(spec(token, group, null, List.of(), null, Map.of()), KEYS);

        assertThat(again.cloudId()).isEqualTo(first);
        assertThat(again.token()).isEqualTo(token);
        assertThat(driver.list(KEYS)).filteredOn(i -> token.equals(i.token())).hasSize(1);
    }

    @Test
    void the_launch_guard_is_asked_after_the_token_lookup_and_a_refusal_starts_nothing() throws Exception {
        String token = newToken();
        String group = UUID.randomUUID().toString();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        phantom.core.driver.LaunchGuard refuse = () -> {
            asked.incrementAndGet();
            throw new phantom.core.driver.LaunchGuard.Refused("the node's lease lapsed");
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> driver.launch(spec(token, group, image), KEYS, refuse))
                .isInstanceOf(phantom.core.driver.LaunchGuard.Refused.class).hasMessage("the node's lease lapsed");
        assertThat(asked).hasValue(1);
        assertThat(driver.list(KEYS)).as("no VM was started").noneMatch(i -> token.equals(i.token()));

        CloudInstance started = driver.launch(spec(token, group, image), KEYS, phantom.core.driver.LaunchGuard.NONE);
        // the look-up finds the token's VM first: nothing to start, so the guard is not asked
        CloudInstance again = driver.launch(spec(token, group, image), KEYS, refuse);
        assertThat(again.cloudId()).isEqualTo(started.cloudId());
        assertThat(asked).hasValue(1);
    }

    @Test
    void relaunching_a_token_whose_vm_was_terminated_returns_that_vm_like_ec2_client_token() throws Exception {
        String token = newToken();
        String group = UUID.randomUUID().toString();
        CloudInstance first = driver.launch(spec(token, group, image), KEYS);
        driver.terminate(first.cloudId(), KEYS);

        CloudInstance again = driver.launch(spec(token, group, image), KEYS);

        assertThat(again.cloudId()).isEqualTo(first.cloudId());
        assertThat(again.state()).isEqualTo(CloudState.TERMINATED);
        assertThat(driver.list(KEYS)).filteredOn(i -> token.equals(i.token()))
                .singleElement().satisfies(i -> assertThat(i.state()).isEqualTo(CloudState.TERMINATED));
    }

    @Test
    void a_vm_terminated_from_outside_is_listed_as_terminated_at_once_however_young() throws Exception {
        String installation = Installation.newId();
        CloudInstance vm = driver.launch(spec(newToken(), Installation.newGroupUuid(installation), image), KEYS);
        ec2.terminateInstances(b -> b.instanceIds(vm.cloudId()));

        assertThat(driver.list(KEYS)).filteredOn(i -> i.cloudId().equals(vm.cloudId()))
                .singleElement().satisfies(i -> {
                    assertThat(i.state()).isEqualTo(CloudState.TERMINATED);
                    assertThat(i.token()).isEqualTo(vm.token());
                    assertThat(i.groupUuid()).isEqualTo(vm.groupUuid());
                });
        assertThat(driver.list(KEYS, installation)).extracting(CloudInstance::cloudId, CloudInstance::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(vm.cloudId(), CloudState.TERMINATED));
    }

    @Test
    void a_vm_stopped_from_outside_is_listed_as_stopped() throws Exception {
        String installation = Installation.newId();
        CloudInstance vm = driver.launch(spec(newToken(), Installation.newGroupUuid(installation), image), KEYS);
        ec2.stopInstances(b -> b.instanceIds(vm.cloudId()));

        assertThat(driver.list(KEYS, installation)).extracting(CloudInstance::cloudId, CloudInstance::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(vm.cloudId(), CloudState.STOPPED));
    }

    @Test
    void the_installation_listing_is_filtered_by_ec2_on_the_group_tags_prefix() throws Exception {
        String ours = Installation.newId();
        String theirs = Installation.newId();
        CloudInstance mine = driver.launch(spec(newToken(), Installation.newGroupUuid(ours), image), KEYS);
        CloudInstance other = driver.launch(spec(newToken(), Installation.newGroupUuid(theirs), image), KEYS);
        // A VM whose group tag starts with the id but is no group uuid: EC2 returns it, the exact check drops it.
        String lookalike = ec2.runInstances(b -> b.imageId(image).instanceType("m1.small").minCount(1).maxCount(1)
                        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                                .tags(Tag.builder().key(LaunchSpec.TAG_TOKEN).value(newToken()).build(),
                                        Tag.builder().key(LaunchSpec.TAG_GROUP).value(ours + "-not-a-uuid").build())
                                .build()))
                .instances().get(0).instanceId();

        // The cloud honours the wildcard the driver sends (moto as EC2 does): only our prefix comes back.
        var byPrefix = ec2.describeInstances(b -> b.filters(
                        Filter.builder().name("tag:" + LaunchSpec.TAG_GROUP).values(ours + "*").build()))
                .reservations().stream().flatMap(r -> r.instances().stream()).map(Instance::instanceId).toList();
        assertThat(byPrefix).containsExactlyInAnyOrder(mine.cloudId(), lookalike);

        assertThat(driver.list(KEYS, ours)).extracting(CloudInstance::cloudId).containsExactly(mine.cloudId());
        assertThat(driver.list(KEYS, theirs)).extracting(CloudInstance::cloudId).containsExactly(other.cloudId());
    }

    @Test
    void the_listing_ignores_vms_phantom_did_not_launch() throws Exception {
        String untagged = ec2.runInstances(b -> b.imageId(image).instanceType("m1.small").minCount(1).maxCount(1))
                .instances().get(0).instanceId();
        String otherTags = ec2.runInstances(b -> b.imageId(image).instanceType("m1.small").minCount(1).maxCount(1)
                        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                                .tags(Tag.builder().key("Name").value("phantom-web").build(),
                                        Tag.builder().key(LaunchSpec.TAG_GROUP).value("g").build())
                                .build()))
                .instances().get(0).instanceId();
        CloudInstance ours = driver.launch(spec(newToken(), UUID.randomUUID().toString(), image), KEYS);

        List<String> listed = driver.list(KEYS).stream().map(CloudInstance::cloudId).toList();

        assertThat(listed).contains(ours.cloudId()).doesNotContain(untagged, otherTags);
    }

    @Test
    void the_listing_follows_every_page() throws Exception {
        String group = UUID.randomUUID().toString();
        try (Ec2Driver smallPages = new Ec2Driver(options(), 5)) {
            for (int i = 0; i < 7; i++) {
                smallPages.launch(spec(newToken(), group, image), KEYS);
            }
            assertThat(smallPages.list(KEYS)).filteredOn(i -> group.equals(i.groupUuid())).hasSize(7);
        }
    }

    @Test
    void an_unknown_key_pair_is_a_config_fault_and_starts_nothing() {
        String token = newToken();
        assertThatThrownBy(() -> driver.launch(
                spec(token, UUID.randomUUID().toString(), "no-such-key", List.of(), null, Map.of()), KEYS))
                .isInstanceOfSatisfying(CloudFault.class, f -> {
                    assertThat(f.faultClass()).isEqualTo(FaultClass.CONFIG);
                    assertThat(f.code()).isEqualTo("InvalidKeyPair.NotFound");
                    assertThat(f.getMessage()).contains("site moto", "RunInstances");
                });
        assertThat(ec2.describeInstances(b -> b.filters(Filter.builder().name("tag:" + LaunchSpec.TAG_TOKEN).values(token).build()))
                .reservations()).isEmpty();
    }

    @Test
    void an_unknown_instance_type_is_a_config_fault() {
        var spec = new LaunchSpec(newToken(), UUID.randomUUID().toString(), "alice", "web", image, "zz.enormous",
                null, List.of(), null, Map.of());
        assertThatThrownBy(() -> driver.launch(spec, KEYS))
                .isInstanceOfSatisfying(CloudFault.class, f -> assertThat(f.faultClass()).isEqualTo(FaultClass.CONFIG));
    }

    @Test
    void a_malformed_instance_id_counts_as_already_gone() throws Exception {
        driver.terminate("not-an-instance-id", KEYS);
        assertThat(driver.list(KEYS)).noneMatch(i -> i.cloudId().equals("not-an-instance-id"));
    }

    @Test
    void missing_credentials_are_a_config_fault_naming_what_is_missing() {
        var onlyId = new CloudCredentials(Map.of(AwsKeys.ACCESS_KEY_ID, "AKID"));
        assertThatThrownBy(() -> driver.list(onlyId))
                .isInstanceOfSatisfying(CloudFault.class, f -> {
                    assertThat(f.faultClass()).isEqualTo(FaultClass.CONFIG);
                    assertThat(f.code()).isEqualTo("MissingCredentials");
                    assertThat(f.getMessage()).contains(AwsKeys.SECRET_ACCESS_KEY).doesNotContain("AKID");
                });
    }

    @Test
    void the_driver_states_idempotent_launches_and_the_credential_names() {
        assertThat(driver.capabilities().idempotentLaunch()).isTrue();
        assertThat(driver.capabilities().credentialNames()).containsExactly("access_key_id", "secret_access_key");
    }
}
