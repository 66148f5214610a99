package phantom.core.model;

import java.util.Objects;

/**
 * A process suspended for a group, as DescribeAutoScalingGroups shows it.
 *
 * @param suspensionReason as AWS words it: {@code User suspended at 2026-12-02T15:44:32Z}
 */
public record SuspendedProcess(ScalingProcess process, String suspensionReason) {
    public SuspendedProcess {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(suspensionReason, "suspension reason");
    }
}
