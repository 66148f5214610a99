package phantom.core.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link CloudDriver} must have. A driver's test extends this class and supplies
 * the driver, the credentials and a valid launch; every driver (sim, ec2, openstack) passes it.
 */
public abstract class CloudDriverContract {

    /** The driver under test, talking to a fresh, empty cloud (or one whose Phantom VMs are gone). */
    protected abstract CloudDriver driver();

    /** Credentials valid on the cloud behind {@link #driver()}. */
    protected abstract CloudCredentials credentials();

    /** An image the cloud accepts. */
    protected abstract String goodImage();

    /** An image id the cloud rejects as unknown: launching it must fail with {@link FaultClass#CONFIG}. */
    protected abstract String badImage();

    /** An instance type (flavor) the cloud accepts. */
    protected String instanceType() {
        return "m1.small";
    }

    protected LaunchSpec spec(String token, String groupUuid, String image) {
        return new LaunchSpec(token, groupUuid, "alice", "web", image, instanceType(), null, List.of(), null,
                Map.of(LaunchSpec.TAG_TOKEN, token, LaunchSpec.TAG_GROUP, groupUuid, LaunchSpec.TAG_OWNER, "alice"));
    }

    protected static String newToken() {
        return "ph-" + UUID.randomUUID();
    }

    private List<CloudInstance> listed(String cloudId) throws CloudFault {
        return driver().list(credentials()).stream().filter(i -> i.cloudId().equals(cloudId)).toList();
    }

    @Test
    void launch_returns_a_vm_that_the_listing_shows_with_phantoms_ids() throws Exception {
        String token = newToken();
        String group = UUID.randomUUID().toString();
        CloudInstance vm = driver().launch(spec(token, group, goodImage()), credentials());

        assertThat(vm.cloudId()).isNotBlank();
        assertThat(vm.state()).isIn(CloudState.PENDING, CloudState.RUNNING);
        List<CloudInstance> seen = listed(vm.cloudId());
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).token()).isEqualTo(token);
        assertThat(seen.get(0).groupUuid()).isEqualTo(group);
        assertThat(seen.get(0).state()).isIn(CloudState.PENDING, CloudState.RUNNING);
    }

    @Test
    void launching_again_with_the_same_token_returns_the_same_vm() throws Exception {
        String token = newToken();
        String group = UUID.randomUUID().toString();
        CloudInstance first = driver().launch(spec(token, group, goodImage()), credentials());
        CloudInstance again = driver().launch(spec(token, group, goodImage()), credentials());

        assertThat(again.cloudId()).isEqualTo(first.cloudId());
        long withToken = driver().list(credentials()).stream().filter(i -> token.equals(i.token())).count();
        assertThat(withToken).isEqualTo(1);
    }

    @Test
    void different_tokens_give_different_vms() throws Exception {
        String group = UUID.randomUUID().toString();
        CloudInstance a = driver().launch(spec(newToken(), group, goodImage()), credentials());
        CloudInstance b = driver().launch(spec(newToken(), group, goodImage()), credentials());
        assertThat(a.cloudId()).isNotEqualTo(b.cloudId());
    }

    @Test
    void terminate_removes_the_vm_from_the_listing() throws Exception {
        CloudInstance vm = driver().launch(spec(newToken(), UUID.randomUUID().toString(), goodImage()), credentials());
        driver().terminate(vm.cloudId(), credentials());
        assertThat(listed(vm.cloudId())).allSatisfy(i -> assertThat(i.state()).isEqualTo(CloudState.TERMINATED));
    }

    @Test
    void terminating_twice_or_an_unknown_vm_succeeds() throws Exception {
        CloudInstance vm = driver().launch(spec(newToken(), UUID.randomUUID().toString(), goodImage()), credentials());
        driver().terminate(vm.cloudId(), credentials());
        driver().terminate(vm.cloudId(), credentials());
        driver().terminate(unknownInstanceId(), credentials());
    }

    /** An instance id in the cloud's format that names no VM. */
    protected abstract String unknownInstanceId();

    @Test
    void a_bad_image_is_a_config_fault_and_starts_nothing() throws Exception {
        String token = newToken();
        assertThatThrownBy(() -> driver().launch(spec(token, UUID.randomUUID().toString(), badImage()), credentials()))
                .isInstanceOfSatisfying(CloudFault.class, f -> {
                    assertThat(f.faultClass()).isEqualTo(FaultClass.CONFIG);
                    assertThat(f.code()).isNotBlank();
                    assertThat(f.getMessage()).isNotBlank();
                });
        assertThat(driver().list(credentials())).noneMatch(i -> token.equals(i.token()));
    }

    @Test
    void the_listing_for_an_installation_shows_its_vms_and_no_other_installations() throws Exception {
        String ours = phantom.core.model.Installation.newId();
        String theirs = phantom.core.model.Installation.newId();
        CloudInstance mine = driver().launch(
                spec(newToken(), phantom.core.model.Installation.newGroupUuid(ours), goodImage()), credentials());
        CloudInstance other = driver().launch(
                spec(newToken(), phantom.core.model.Installation.newGroupUuid(theirs), goodImage()), credentials());

        List<CloudInstance> listed = driver().list(credentials(), ours);

        assertThat(listed).extracting(CloudInstance::cloudId).contains(mine.cloudId()).doesNotContain(other.cloudId());
        assertThat(listed).allSatisfy(i -> assertThat(phantom.core.model.Installation.owns(ours, i.groupUuid())).isTrue());
        assertThat(driver().list(credentials(), theirs)).extracting(CloudInstance::cloudId)
                .contains(other.cloudId()).doesNotContain(mine.cloudId());
    }

    @Test
    void capabilities_are_stated() {
        Capabilities c = driver().capabilities();
        assertThat(c).isNotNull();
        assertThat(c.credentialNames()).isNotNull();
    }
}
