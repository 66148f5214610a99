package phantom.driver.sim;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import phantom.core.driver.Capabilities;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchSpec;

/**
 * The driver of one simulated site: {@link LaunchDecision} decides, {@link SimSite} remembers. The
 * configured latency is spent before the decision and outside every lock, so concurrent calls wait
 * it out together, as they would on a real cloud.
 */
final class SimDriver implements CloudDriver {
    private static final Capabilities CAPABILITIES = new Capabilities(true, List.of());

    private final SimOptions options;
    private final SimCloud cloud;
    private final Clock clock;
    private volatile SimSite site;

    SimDriver(SimOptions options, SimCloud cloud, Clock clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.cloud = Objects.requireNonNull(cloud, "cloud");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CloudInstance launch(LaunchSpec spec, CloudCredentials credentials) throws CloudFault {
        Objects.requireNonNull(spec.token(), "the launch spec has no token");
        answerLatency();
        LaunchDecision d = stateIo(() -> site().change(clock, (state, now) -> {
            LaunchDecision decision = LaunchDecision.decide(state, spec, options, now);
            return new SimSite.Change<>(decision.records(), decision);
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
        stateIo(() -> site().change(clock, (state, now) -> new SimSite.Change<>(
                state.byId(cloudId).filter(SimVm::live).isPresent()
                        ? List.of(new JournalRecord.Terminated(cloudId, now))
                        : List.of(),
                null)));
    }

    /**
     * The VMs not terminated, and those terminated within {@link SimState#TERMINATED_LISTED}, in launch
     * order. Only the copy of the site's VMs is made under its lock; the rest of the work is done outside.
     */
    @Override
    public List<CloudInstance> list(CloudCredentials credentials) throws CloudFault {
        answerLatency();
        Seen seen = stateIo(() -> site().read(clock, (state, now) -> new Seen(state.vms(), now)));
        Instant now = seen.at();
        Instant listedSince = now.minus(SimState.TERMINATED_LISTED);
        List<CloudInstance> out = new ArrayList<>(seen.vms().size());
        for (SimVm vm : seen.vms()) {
            if (vm.live() || vm.terminatedAt().isAfter(listedSince)) {
                out.add(vm.asCloudInstance(now));
            }
        }
        return out;
    }

    /** The site's VMs as they were at one moment. */
    private record Seen(List<SimVm> vms, Instant at) {
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    SimCloud cloud() {
        return cloud;
    }

    private SimSite site() throws IOException {
        SimSite s = site;
        if (s == null || s.broken()) {
            s = SimSite.of(cloud.file(), options.site());
            site = s;
        }
        return s;
    }

    private interface StateIo<T> {
        T run() throws IOException;
    }

    private <T> T stateIo(StateIo<T> io) throws CloudFault {
        try {
            return io.run();
        } catch (IOException e) {
            throw new CloudFault(FaultClass.TRANSIENT, "InternalError",
                    "Sim site " + options.site() + " cannot use its files at " + cloud.file() + ": " + e.getMessage(), e);
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
