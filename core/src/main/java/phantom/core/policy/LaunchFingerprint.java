package phantom.core.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import phantom.core.driver.CloudCredentials;
import phantom.core.model.LaunchConfiguration;

/**
 * The fingerprint of what a launch on a site is made of: the launch configuration used there and
 * the user's credentials for the site. A CONFIG failure holds the site for the fingerprint it
 * failed with ({@code SiteHealth.heldFor}); any change here (a new image, a re-created launch
 * configuration, new credentials) lifts the hold.
 *
 * <p>The value is the first 128 bits of a SHA-256 over length-prefixed fields. It is stored, so it
 * is a digest rather than the values: the credentials are not in it (though a weak password could
 * be guessed against it by someone who can also read the launch configuration).
 */
public final class LaunchFingerprint {
    private LaunchFingerprint() {
    }

    public static String of(LaunchConfiguration lc, CloudCredentials credentials) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        Object[] fields = {lc.owner(), lc.name(), lc.uuid(), lc.imageId(), lc.instanceType(), lc.keyName(),
            String.join(",", lc.securityGroups()), lc.userData(), lc.kernelId(), lc.ramdiskId(), lc.instanceId(),
            lc.instanceMonitoring(), lc.ebsOptimized(), lc.spotPrice(), lc.iamInstanceProfile(),
            lc.associatePublicIpAddress(), lc.placementTenancy(), lc.blockDeviceMappings(), lc.metadataOptions(),
            lc.createdTime()};
        for (Object f : fields) field(sha, f);
        for (Map.Entry<String, String> e : new TreeMap<>(credentials.values()).entrySet()) {
            field(sha, e.getKey());
            field(sha, e.getValue());
        }
        byte[] digest = sha.digest();
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    private static void field(MessageDigest sha, Object value) {
        if (value == null) {
            sha.update((byte) 0);
            return;
        }
        byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
        sha.update((byte) 1);
        sha.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8),
            (byte) bytes.length});
        sha.update(bytes);
    }
}
