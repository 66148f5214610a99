package phantom.api.action;

import java.time.Clock;
import phantom.api.GroupChanged;
import phantom.api.Limits;
import phantom.api.SiteCatalog;
import phantom.store.Database;

/** What the actions share: the store, the configured sites, the clock, the limits and the reconciler's doorbell. */
public record ActionContext(Database db, SiteCatalog sites, Clock clock, Limits limits, GroupChanged groupChanged) {
}
