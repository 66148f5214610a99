package phantom.core.driver;

import java.util.List;
import java.util.Map;

/**
 * Everything a driver needs to start one VM.
 *
 * @param token unique launch token, recorded durably before the call; drivers pass it to the cloud
 *     as an idempotency key where the cloud has one (EC2 ClientToken) and tag the VM with it
 * @param groupUuid the group's uuid, tagged on the VM so orphans can be recognised after a crash
 * @param userData base64 user data as the client gave it, or null
 * @param tags extra tags/metadata to put on the VM (PropagateAtLaunch group tags and Phantom's ids)
 */
public record LaunchSpec(
        String token,
        String groupUuid,
        String owner,
        String groupName,
        String imageId,
        String instanceType,
        String keyName,
        List<String> securityGroups,
        String userData,
        Map<String, String> tags) {

    /** Tag names Phantom writes on every VM it launches. */
    public static final String TAG_TOKEN = "phantom:token";
    public static final String TAG_GROUP = "phantom:group";
    public static final String TAG_OWNER = "phantom:owner";

    public LaunchSpec {
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
