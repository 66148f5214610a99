package phantom.groups;

/** Tells the reconciler that a group's wanted state changed, so it acts now rather than at the next resync. */
@FunctionalInterface
public interface GroupChanged {
    void groupChanged(long groupId);
}
