package phantom.driver.sim;

import java.util.List;

/**
 * What a sim site's snapshot file ({@code <site>.state}) holds: the site's state as of the start of
 * journal {@code generation}. Generation 0 marks a file of the 0.1/0.2 format, which has no journal
 * and no salt; the driver carries it into the current format the first time it opens the site.
 *
 * @param salt random, drawn when the site's state was first created; mixed into every instance id so
 *     two data directories never hand out the same ids
 * @param launches how many launches the site has rolled the dice for
 * @param vms the VMs the site remembers, in launch order
 */
record Snapshot(String site, long generation, long salt, long launches, List<SimVm> vms) {

    Snapshot {
        vms = List.copyOf(vms);
    }

    boolean legacy() {
        return generation == 0;
    }
}
