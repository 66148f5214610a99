package phantom.driver.ec2;

import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import phantom.core.driver.LaunchSpec;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceState;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Reads an EC2 {@link Instance} as a {@link CloudInstance}. Pure. */
final class InstanceView {

    private InstanceView() {
    }

    static CloudInstance of(Instance i) {
        return new CloudInstance(i.instanceId(), tag(i, LaunchSpec.TAG_TOKEN), tag(i, LaunchSpec.TAG_GROUP),
                state(i.state()), i.instanceTypeAsString(), i.launchTime());
    }

    static String tag(Instance i, String key) {
        for (Tag t : i.tags()) {
            if (key.equals(t.key())) {
                return t.value();
            }
        }
        return null;
    }

    /**
     * pending -> PENDING, running -> RUNNING, stopping/stopped -> STOPPED, shutting-down/terminated ->
     * TERMINATED. By name first, then by the low byte of the state code (EC2-compatible clouds
     * sometimes send only one); anything else is FAILED, so the engine replaces the VM.
     */
    static CloudState state(InstanceState s) {
        if (s == null) {
            return CloudState.FAILED;
        }
        String name = s.nameAsString();
        if (name != null) {
            switch (name) {
                case "pending": return CloudState.PENDING;
                case "running": return CloudState.RUNNING;
                case "stopping", "stopped": return CloudState.STOPPED;
                case "shutting-down", "terminated": return CloudState.TERMINATED;
                default: break;
            }
        }
        if (s.code() != null) {
            switch (s.code() & 0xff) {
                case 0: return CloudState.PENDING;
                case 16: return CloudState.RUNNING;
                case 64, 80: return CloudState.STOPPED;
                case 32, 48: return CloudState.TERMINATED;
                default: break;
            }
        }
        return CloudState.FAILED;
    }
}
