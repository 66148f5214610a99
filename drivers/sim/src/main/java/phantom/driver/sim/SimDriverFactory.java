package phantom.driver.sim;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudDriverFactory;

/**
 * The {@code sim} driver: a simulated cloud that is real to Phantom's engine. Its VMs live in memory,
 * shared by every driver of the site in the JVM, and each change is appended to a journal in {@code
 * <dataDir>/sim/} and forced to disk before the launch or terminate returns (see {@link SimCloud}), so
 * they survive a restart or a kill -9 of Phantom; time comes from the injected clock and every random
 * draw from the site's seed. Launches on a site run in parallel; their latency overlaps.
 *
 * <p>Options (all optional):
 * <ul>
 *   <li>{@code capacity} (integer >= -1, default 16): VMs the site holds across all owners, dead
 *       ones included until terminated; -1 means no limit. A launch beyond it fails with CAPACITY
 *       {@code InsufficientInstanceCapacity}.
 *   <li>{@code quota} (integer >= -1, default -1 = none): VMs one owner ({@link
 *       phantom.core.driver.LaunchSpec#owner()}) may hold on the site; beyond it a launch fails with
 *       QUOTA {@code InstanceLimitExceeded}.
 *   <li>{@code boot_seconds} (number 0..86400, default 5): a VM is PENDING until its launch time plus
 *       this, then RUNNING.
 *   <li>{@code launch_error_rate} (number 0..1, default 0): the fraction of launches (that pass the
 *       checks above) failing with an injected fault.
 *   <li>{@code launch_error_class} ({@code capacity|quota|config|transient}, default {@code transient}):
 *       the class of injected faults; codes {@code InsufficientInstanceCapacity}, {@code
 *       InstanceLimitExceeded}, {@code InvalidParameterValue}, {@code InternalError}.
 *   <li>{@code death_rate_per_hour} (number >= 0, default 0): each VM draws at launch an exponentially
 *       distributed lifetime with this rate; once it has passed the VM shows FAILED until terminated.
 *   <li>{@code api_latency_ms} (integer 0..60000, default 0): every launch, terminate and list call
 *       waits this long in real time.
 *   <li>{@code seed} (integer, default a hash of the site name): seeds the draws, so the same seed and
 *       the same calls give the same injected failures and deaths, across restarts too. Instance ids also
 *       mix in a random salt drawn when the site's state is first created, so two data directories never
 *       hand out the same ids.
 * </ul>
 *
 * <p>Convention for configuration errors: an image id starting with {@code invalid} (e.g. {@code
 * invalid-ami}) fails with CONFIG {@code InvalidAMIID.NotFound} "The image id '[invalid-ami]' does not
 * exist"; any other image id is accepted.
 *
 * <p>Instance ids look like EC2's ({@code i-} and 17 hex digits). A launch repeating a token returns the
 * VM first launched with it, as it is now (even terminated). Terminated VMs stay in the listing for an
 * hour with state TERMINATED, as EC2 shows them, and are forgotten a day after their termination. The site needs no credentials and ignores the ones it is given; all
 * owners share one listing. Bad option values are rejected with an {@link IllegalArgumentException}
 * naming the site and the option.
 */
public final class SimDriverFactory implements CloudDriverFactory {
    public static final String NAME = "sim";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> options() {
        return SimOptions.NAMES;
    }

    @Override
    public void checkOptions(String site, Map<String, Object> options) {
        SimOptions.parse(site, options);
    }

    @Override
    public CloudDriver create(String site, Map<String, Object> options, Path dataDir, Clock clock) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(clock, "clock");
        SimOptions parsed = SimOptions.parse(site, options);
        return new SimDriver(parsed, SimCloud.open(dataDir, site), clock);
    }

    /** A sim site costs nothing to list, so the watcher looks every 2 s: a death is acted on within that. */
    @Override
    public java.time.Duration defaultWatchInterval() {
        return java.time.Duration.ofSeconds(2);
    }
}
