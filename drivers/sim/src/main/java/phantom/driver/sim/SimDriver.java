package phantom.driver.sim;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import phantom.core.driver.Capabilities;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchSpec;

/** The driver of one simulated site: {@link LaunchDecision} decides, {@link SimCloud} remembers. */
final class SimDriver implements CloudDriver {
    private static final Capabilities CAPABILITIES = new Capabilities(true, List.of());

    private final SimOptions options;
    private final SimCloud cloud;
    private final Clock clock;

    SimDriver(SimOptions options, SimCloud cloud, Clock clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.cloud = Objects.requireNonNull(cloud, "cloud");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CloudInstance launch(LaunchSpec spec, CloudCredentials credentials) throws CloudFault {
        Objects.requireNonNull(spec.token(), "the launch spec has no token");
        answerLatency();
        LaunchDecision d = stateIo(() -> cloud.change(state -> {
            LaunchDecision decision = LaunchDecision.decide(state, spec, options, clock.instant());
            return new SimCloud.Change<>(decision.next(), decision);
        }));
        if (d.fault() != null) {
            throw d.fault();
        }
        return d.vm().asCloudInstance(clock.instant());
    }

    @Override
    public void terminate(String cloudId, CloudCredentials credentials) throws CloudFault {
        Objects.requireNonNull(cloudId, "cloudId");
        answerLatency();
        stateIo(() -> cloud.change(state -> new SimCloud.Change<>(terminated(state, cloudId, clock.instant()), null)));
    }

    private static SimState terminated(SimState state, String cloudId, Instant now) {
        SimState next = state.terminating(cloudId, now);
        return next == null ? null : next.pruned(now);
    }

    @Override
    public List<CloudInstance> list(CloudCredentials credentials) throws CloudFault {
        answerLatency();
        SimState state = stateIo(cloud::read);
        Instant now = clock.instant();
        return state.vms().stream().filter(SimVm::live).map(vm -> vm.asCloudInstance(now)).toList();
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    SimCloud cloud() {
        return cloud;
    }

    private interface StateIo<T> {
        T run() throws IOException;
    }

    private <T> T stateIo(StateIo<T> io) throws CloudFault {
        try {
            return io.run();
        } catch (IOException e) {
            throw new CloudFault(FaultClass.TRANSIENT, "InternalError",
                    "Sim site " + options.site() + " cannot use its state file " + cloud.file() + ": " + e.getMessage(), e);
        }
    }

    /** The configured api_latency_ms, in real time: it simulates a slow cloud API. */
    private void answerLatency() throws CloudFault {
        if (options.apiLatencyMs() <= 0) {
            return;
        }
        try {
            Thread.sleep(options.apiLatencyMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudFault(FaultClass.TRANSIENT, "RequestInterrupted",
                    "Call to sim site " + options.site() + " interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "SimDriver[" + options.site() + " at " + cloud.file() + "]";
    }
}
