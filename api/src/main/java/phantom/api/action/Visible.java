package phantom.api.action;

import phantom.core.model.Instance;

/** Which instances the API shows. */
final class Visible {
    private Visible() {
    }

    /**
     * Not finished, and known to the cloud: a launch Phantom has only recorded as intended has no
     * instance id yet, and AWS never lists an instance without its id (showing Phantom's launch
     * token instead would give the same VM two ids in a row).
     */
    static boolean instance(Instance i) {
        return !i.state().finished() && i.cloudId() != null;
    }
}
