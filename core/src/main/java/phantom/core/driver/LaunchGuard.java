package phantom.core.driver;

/**
 * What a driver asks the instant before it sends the request that starts a VM (after any look-up
 * of an earlier VM with the launch's token): may the launch still be made? In a cluster of nodes
 * the engine's guard says no once this node's lease of the group may have lapsed, so a node paused
 * between its own checks and the cloud's request starts nothing (docs/cluster.md, "Fencing").
 */
@FunctionalInterface
public interface LaunchGuard {
    /** Allows every launch. */
    LaunchGuard NONE = () -> { };

    /**
     * Returns when the launch may be made.
     *
     * @throws Refused when it must not be: the driver lets it through unchanged, and starts nothing
     */
    void check();

    /** The launch must not be made; no VM was started for it. */
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }
}
