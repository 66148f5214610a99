package phantom.server.view;

import java.util.List;

/**
 * One group as the console and {@code phantom status} show it: its sizes and, per cloud in the
 * group's order (then any cloud it no longer lists but still has VMs on), what runs there and how
 * the cloud stands. Built by {@link Overviews}; the one source for both views.
 */
public record GroupOverview(String owner, String name, int desired, int min, int max, boolean deleting,
        List<CloudOverview> clouds) {

    public GroupOverview {
        clouds = List.copyOf(clouds);
    }

    /** {@code owner/group}, as operators name a group. */
    public String qualifiedName() {
        return owner + "/" + name;
    }

    public int inService() {
        return clouds.stream().mapToInt(CloudOverview::inService).sum();
    }

    public int pending() {
        return clouds.stream().mapToInt(CloudOverview::pending).sum();
    }

    /** Desired minus live (pending or in service), when positive. */
    public int shortfall() {
        return Math.max(0, desired - inService() - pending());
    }
}
