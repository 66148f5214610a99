package phantom.reconcile;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import phantom.core.model.Group;
import phantom.core.model.ScalingActivity;
import phantom.store.Database;

/**
 * Records why a group runs short as a scaling activity ({@link ScalingActivities#shortfall}), once
 * per distinct reason: a note is recorded only when it differs from the last one recorded for the
 * group. The last note is remembered in memory and, after a restart, taken from the group's newest
 * shortfall activity, so restarts do not repeat it. Notes are compared with their second counts
 * ("backing off 27 s") blanked out, since those change on every pass.
 */
final class ShortfallNotes {
    private static final Pattern SECONDS = Pattern.compile("\\b\\d+ s\\b");

    private final Database db;
    /** Per group, the normalised last note recorded, or "" when the group was last seen not short. */
    private final ConcurrentMap<Long, String> last = new ConcurrentHashMap<>();

    ShortfallNotes(Database db) {
        this.db = db;
    }

    /** Records the plan's shortfall notes if they say something new; returns whether it recorded. */
    boolean record(Group g, List<String> shortfall, Instant now) {
        String note = String.join("; ", shortfall);
        String key = normalise(note);
        String previous = last.computeIfAbsent(g.id(), id -> newestRecorded(g));
        if (key.equals(previous)) return false;
        last.put(g.id(), key);
        if (note.isEmpty()) return false;
        db.transaction(tx -> {
            tx.activities().insert(ScalingActivities.shortfall(g, note, now));
            return null;
        });
        return true;
    }

    /**
     * Whether {@link #record} would record for these notes: they differ from the last one
     * remembered. Reads memory only (the resync asks it for every group); a group with nothing
     * remembered differs when it is short.
     */
    boolean differs(long groupId, List<String> shortfall) {
        String previous = last.get(groupId);
        String key = normalise(String.join("; ", shortfall));
        return previous == null ? !key.isEmpty() : !key.equals(previous);
    }

    void forget(long groupId) {
        last.remove(groupId);
    }

    private String newestRecorded(Group g) {
        return db.read(tx -> tx.activities().list(g.owner(), g.name())).stream()
                .filter(a -> a.groupId() == g.id() && ScalingActivities.SHORTFALL.equals(a.description()))
                .max(Comparator.comparing(ScalingActivity::startTime))
                .map(a -> normalise(a.cause()))
                .orElse("");
    }

    static String normalise(String note) {
        return note == null ? "" : SECONDS.matcher(note).replaceAll("N s");
    }
}
