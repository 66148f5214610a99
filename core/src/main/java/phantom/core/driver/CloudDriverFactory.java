package phantom.core.driver;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** Makes the driver for a configured site. One factory per driver name ({@code sim}, {@code ec2}, ...). */
public interface CloudDriverFactory {

    /** The {@code driver:} value in the config that selects this factory. */
    String name();

    /** The option names this driver accepts under a site, besides {@code driver}. */
    Set<String> options();

    /**
     * @param options the site's options from the config file, already checked against {@link #options()}
     * @param dataDir Phantom's data directory (a driver may keep its own state below it)
     * @throws IllegalArgumentException with a message naming the site and the bad option
     */
    CloudDriver create(String site, Map<String, Object> options, Path dataDir, Clock clock);

    /**
     * Checks a site's options as {@link #create} would, without making a driver (no files, threads
     * or connections), so a bad value is reported while the config file is read, with its line.
     *
     * @throws IllegalArgumentException with a message naming the site and the bad option
     */
    default void checkOptions(String site, Map<String, Object> options) {
    }

    /**
     * How often the site watcher lists a site of this driver when neither the site's own
     * {@code watch_seconds} nor {@code engine.watch_seconds} says otherwise: often enough that a dead
     * VM is replaced soon, seldom enough to stay well inside the cloud's API rate limits for one
     * listing per account per interval (docs/engine.md, "The site watcher").
     */
    default java.time.Duration defaultWatchInterval() {
        return java.time.Duration.ofSeconds(10);
    }

    /** Every credential name a user may set for a site of this driver; empty when it takes none (sim). */
    default Set<String> credentialNames() {
        return Set.of();
    }

    /**
     * Checks one user's credentials for a site the way a launch would read them, without calling the
     * cloud, so a missing or conflicting name is refused when it is set rather than at launch time.
     * Called only with names from {@link #credentialNames()}.
     *
     * @param options the site's options, as for {@link #create}
     * @throws IllegalArgumentException naming what is missing or conflicting (never a value)
     */
    default void checkCredentials(String site, Map<String, Object> options, CloudCredentials credentials) {
    }
}
