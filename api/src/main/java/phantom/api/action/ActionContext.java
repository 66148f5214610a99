package phantom.api.action;

import java.time.Clock;
import phantom.api.GroupChanged;
import phantom.api.Limits;
import phantom.api.SiteCatalog;
import phantom.store.Database;

/**
 * What the actions share: the store, the configured sites, the clock, the limits, the reconciler's
 * doorbell, and the installation id that prefixes every group uuid ({@link phantom.core.model.Installation}).
 */
public record ActionContext(Database db, SiteCatalog sites, Clock clock, Limits limits, GroupChanged groupChanged,
        String installation) {
}
