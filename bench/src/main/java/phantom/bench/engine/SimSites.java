package phantom.bench.engine;

import java.nio.file.Path;
import java.util.List;
import phantom.driver.sim.SimCloud;
import phantom.driver.sim.SimVm;

/**
 * The sim sites' VMs, read from outside the server as a cloud's console would show them. The one
 * place the benchmark touches the sim's own API, so a change there is a change here only.
 */
final class SimSites {
    private SimSites() {
    }

    /** Every VM the site remembers (terminated ones too), with its launch, running, death and termination times. */
    static List<SimVm> vms(Path dataDir, String site) {
        return SimCloud.open(dataDir, site).all();
    }

    /** The VMs of one group (by its name) on a site. */
    static List<SimVm> ofGroup(Path dataDir, String site, String group) {
        return vms(dataDir, site).stream().filter(v -> group.equals(v.groupName())).toList();
    }
}
