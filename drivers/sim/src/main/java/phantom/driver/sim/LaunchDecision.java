package phantom.driver.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchSpec;

/**
 * What a sim site does with one launch request, decided without I/O from its state, its options and
 * the time. Checked in this order: a VM already launched with the token is returned as it is; an
 * image id starting with "invalid" is a CONFIG fault; then the owner's quota, the site's capacity,
 * and last the injected failure roll.
 *
 * @param records the changes to journal and apply, empty when nothing changes
 * @param vm the VM to return, or null when the launch fails
 * @param fault why the launch fails, or null
 */
record LaunchDecision(List<JournalRecord> records, SimVm vm, CloudFault fault) {

    static LaunchDecision decide(SimState state, LaunchSpec spec, SimOptions options, Instant now) {
        Optional<SimVm> existing = state.byToken(spec.token());
        if (existing.isPresent()) {
            return new LaunchDecision(List.of(), existing.get(), null);
        }
        if (spec.imageId() == null || spec.imageId().startsWith("invalid")) {
            return failed(List.of(), new CloudFault(FaultClass.CONFIG, "InvalidAMIID.NotFound",
                    "The image id '[" + spec.imageId() + "]' does not exist"));
        }
        if (options.quota() >= 0 && state.liveOwnedBy(spec.owner()) >= options.quota()) {
            return failed(List.of(), new CloudFault(FaultClass.QUOTA, "InstanceLimitExceeded",
                    "You have requested more instances than your current instance limit of " + options.quota()
                            + " allows on site " + options.site() + " (owner " + spec.owner() + ")"));
        }
        if (options.capacity() >= 0 && state.liveCount() >= options.capacity()) {
            return failed(List.of(), new CloudFault(FaultClass.CAPACITY, "InsufficientInstanceCapacity",
                    "Site " + options.site() + " has no room: all " + options.capacity()
                            + " VMs of its capacity are in use"));
        }
        long attempt = state.launches();
        Dice dice = Dice.forLaunch(options.seed(), attempt);
        boolean fails = dice.fails(options.launchErrorRate());
        Duration lifetime = dice.lifetime(options.deathRatePerHour());
        if (fails) {
            return failed(List.of(new JournalRecord.Rolled()), injected(options));
        }
        SimVm vm = new SimVm(
                state.freshId(attempt),
                spec.token(),
                spec.groupUuid(),
                spec.owner(),
                spec.groupName(),
                spec.imageId(),
                spec.instanceType(),
                now,
                now.plusNanos(Math.round(options.bootSeconds() * 1e9)),
                lifetime == null ? null : now.plus(lifetime),
                null);
        return new LaunchDecision(List.of(new JournalRecord.Launched(vm)), vm, null);
    }

    private static LaunchDecision failed(List<JournalRecord> records, CloudFault fault) {
        return new LaunchDecision(records, null, fault);
    }

    static CloudFault injected(SimOptions options) {
        String code = switch (options.launchErrorClass()) {
            case CAPACITY -> "InsufficientInstanceCapacity";
            case QUOTA -> "InstanceLimitExceeded";
            case CONFIG -> "InvalidParameterValue";
            case TRANSIENT -> "InternalError";
        };
        return new CloudFault(options.launchErrorClass(), code, "Injected launch failure on site " + options.site()
                + " (launch_error_rate " + options.launchErrorRate() + ", launch_error_class "
                + options.launchErrorClass().name().toLowerCase(java.util.Locale.ROOT) + ")");
    }
}
