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
}
