package phantom.core.driver;

/** How a cloud failure should steer the engine (docs/design.md, engine rule 4). */
public enum FaultClass {
    /** The site has no room now (InsufficientInstanceCapacity, "No valid host was found"): overflow, back off. */
    CAPACITY,
    /** The user's quota or instance limit on the site is used up: overflow, back off. */
    QUOTA,
    /** Bad image, flavor, key, credentials, permissions: overflow and hold the site until the config changes. */
    CONFIG,
    /** Timeouts, 5xx, throttling: retry in place with backoff; overflow only after repeated failures. */
    TRANSIENT
}
