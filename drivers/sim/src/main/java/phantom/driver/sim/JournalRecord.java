package phantom.driver.sim;

import java.time.Instant;

/** One change of a sim site, as its journal records it. {@link SimState#apply} is the one place they take effect. */
sealed interface JournalRecord {

    /** A launch that started {@code vm}; it rolled the dice once. */
    record Launched(SimVm vm) implements JournalRecord {
    }

    /** A launch that rolled the dice and failed on purpose (launch_error_rate): it only advances the roll count. */
    record Rolled() implements JournalRecord {
    }

    /** The VM {@code cloudId} was terminated at {@code at}. */
    record Terminated(String cloudId, Instant at) implements JournalRecord {
    }
}
