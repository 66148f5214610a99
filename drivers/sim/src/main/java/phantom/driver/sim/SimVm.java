package phantom.driver.sim;

import java.time.Instant;
import java.util.Objects;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;

/**
 * One VM of a simulated cloud, as its snapshot and journal record it. Its state follows from the times and
 * the clock: {@link CloudState#PENDING} until {@code runningAt}, then {@link CloudState#RUNNING};
 * {@link CloudState#FAILED} from {@code diesAt} (if it is fated to die); {@link CloudState#TERMINATED}
 * once terminated, whatever else.
 *
 * @param diesAt when the VM dies by the site's {@code death_rate_per_hour}; null if it never does
 * @param terminatedAt when it was terminated; null while it is not
 */
public record SimVm(
        String cloudId,
        String token,
        String groupUuid,
        String owner,
        String groupName,
        String imageId,
        String instanceType,
        Instant launchTime,
        Instant runningAt,
        Instant diesAt,
        Instant terminatedAt) {

    public SimVm {
        Objects.requireNonNull(cloudId, "cloudId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(launchTime, "launchTime");
        Objects.requireNonNull(runningAt, "runningAt");
    }

    public CloudState stateAt(Instant now) {
        if (terminatedAt != null) {
            return CloudState.TERMINATED;
        }
        if (diesAt != null && !now.isBefore(diesAt)) {
            return CloudState.FAILED;
        }
        return now.isBefore(runningAt) ? CloudState.PENDING : CloudState.RUNNING;
    }

    /** Not terminated: it holds a place in the site's capacity and its owner's quota, dead or alive. */
    public boolean live() {
        return terminatedAt == null;
    }

    SimVm terminated(Instant at) {
        return new SimVm(cloudId, token, groupUuid, owner, groupName, imageId, instanceType, launchTime, runningAt,
                diesAt, at);
    }

    CloudInstance asCloudInstance(Instant now) {
        return new CloudInstance(cloudId, token, groupUuid, stateAt(now), instanceType, launchTime);
    }
}
