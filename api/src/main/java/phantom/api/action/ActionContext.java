package phantom.api.action;

import java.time.Clock;
import phantom.core.group.SiteCatalog;
import phantom.groups.GroupChanged;
import phantom.groups.GroupService;
import phantom.groups.Limits;
import phantom.groups.LostRaces;
import phantom.groups.PolicyService;
import phantom.groups.ScheduleService;
import phantom.store.Database;

/**
 * What the actions share: the store (for the reads and the launch configurations), the configured
 * sites, the clock, the limits, and the services through which every change goes: to a group, to
 * a scaling policy, to a scheduled action.
 */
public record ActionContext(Database db, SiteCatalog sites, Clock clock, Limits limits, GroupService groups,
        PolicyService policies, ScheduleService schedules) {

    /**
     * The context of a server: its group service rings {@code groupChanged} after each change and
     * gives new groups uuids of {@code installation} ({@link phantom.core.model.Installation}).
     */
    public static ActionContext of(Database db, SiteCatalog sites, Clock clock, Limits limits, GroupChanged groupChanged,
            String installation) {
        return new ActionContext(db, sites, clock, limits, new GroupService(db, sites, clock, limits, groupChanged, installation),
                new PolicyService(db, clock, limits, groupChanged),
                new ScheduleService(db, clock, limits, groupChanged));
    }

    /** Runs an action's writes in one transaction, again when it loses a race ({@link LostRaces}). */
    public <T> T transaction(Database.Work<T> work) {
        return LostRaces.transaction(db, work);
    }
}
