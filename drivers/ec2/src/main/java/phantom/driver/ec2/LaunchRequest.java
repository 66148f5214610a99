package phantom.driver.ec2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchSpec;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Builds the RunInstances call for one {@link LaunchSpec}. Pure. */
final class LaunchRequest {

    /** EC2's limit on ClientToken: at most 64 ASCII characters. */
    static final int MAX_CLIENT_TOKEN = 64;

    private LaunchRequest() {
    }

    /** @throws CloudFault CONFIG {@code MissingParameter} when the spec lacks a token, image or instance type */
    static RunInstancesRequest of(LaunchSpec spec) throws CloudFault {
        require(spec.token(), "launch token");
        require(spec.imageId(), "image id");
        require(spec.instanceType(), "instance type");
        RunInstancesRequest.Builder b = RunInstancesRequest.builder()
                .imageId(spec.imageId())
                .instanceType(spec.instanceType())
                .minCount(1)
                .maxCount(1)
                .clientToken(clientToken(spec.token()))
                .tagSpecifications(TagSpecification.builder()
                        .resourceType(ResourceType.INSTANCE)
                        .tags(tags(spec).entrySet().stream()
                                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                                .toList())
                        .build());
        if (spec.keyName() != null && !spec.keyName().isBlank()) {
            b.keyName(spec.keyName());
        }
        if (!spec.securityGroups().isEmpty()) {
            b.securityGroups(spec.securityGroups());
        }
        if (spec.userData() != null && !spec.userData().isEmpty()) {
            b.userData(spec.userData());
        }
        return b.build();
    }

    /**
     * The tags put on the VM: the spec's tags, a {@code Name} of {@code phantom-<group name>} unless the
     * spec has its own, and Phantom's ids, which always win over same-named spec tags because listing
     * and crash recovery rely on them.
     */
    static Map<String, String> tags(LaunchSpec spec) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (spec.groupName() != null && !spec.groupName().isBlank()) {
            tags.put("Name", "phantom-" + spec.groupName());
        }
        tags.putAll(new TreeMap<>(spec.tags()));
        tags.put(LaunchSpec.TAG_TOKEN, spec.token());
        if (spec.groupUuid() != null) {
            tags.put(LaunchSpec.TAG_GROUP, spec.groupUuid());
        }
        if (spec.owner() != null) {
            tags.put(LaunchSpec.TAG_OWNER, spec.owner());
        }
        return tags;
    }

    /**
     * The launch token itself when EC2 accepts it as a ClientToken (1 to 64 printable ASCII
     * characters); otherwise the hex SHA-256 of the token, which is 64 characters and still the same
     * for every retry of the same token.
     */
    static String clientToken(String token) {
        if (token.length() <= MAX_CLIENT_TOKEN && token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return token;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    private static void require(String value, String what) throws CloudFault {
        if (value == null || value.isBlank()) {
            throw new CloudFault(FaultClass.CONFIG, "MissingParameter", "the launch has no " + what);
        }
    }
}
