package phantom.core.model;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Which Phantom installation launched a VM. Every installation (one database, however many nodes
 * share it) has a random 8-hex-digit id, and the uuid of each of its groups starts with it; VMs
 * carry their group's uuid as a tag. The orphan sweep terminates only VMs whose group uuid carries
 * this installation's id, so two installations sharing a cloud account (a laptop and production,
 * say) never take each other's VMs for orphans.
 */
public final class Installation {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Installation() {
    }

    public static String newId() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A fresh group uuid for this installation: UUID-shaped, its first 8 hex digits the installation id. */
    public static String newGroupUuid(String installationId) {
        if (!installationId.matches("[0-9a-f]{8}")) throw new IllegalArgumentException("bad installation id " + installationId);
        return installationId + UUID.randomUUID().toString().substring(8);
    }

    /** True when the group uuid (from a VM's tag) belongs to a group of this installation. */
    public static boolean owns(String installationId, String groupUuid) {
        return groupUuid != null && groupUuid.length() == 36 && groupUuid.startsWith(installationId);
    }
}
