package phantom.server.view;

/**
 * One cloud of a group: its cap, the group's VMs there, and how it stands.
 *
 * @param cap the most VMs the group may run there; -1 for no cap ({@link phantom.core.model.SitePreference#UNBOUNDED})
 * @param listed false for a cloud no longer in the group's list that still has VMs of it (they are being scaled in)
 * @param pending live VMs not yet running (launch recorded, or booting)
 * @param inService live VMs running
 * @param terminating VMs being terminated, or unhealthy ones waiting for it
 */
public record CloudOverview(String site, int cap, boolean listed, int pending, int inService, int terminating, Standing standing) {

    public boolean bounded() {
        return cap != phantom.core.model.SitePreference.UNBOUNDED;
    }

    /** The live VMs there: pending and in service. */
    public int live() {
        return pending + inService;
    }
}
