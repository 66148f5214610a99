package phantom.server.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Folds repeated identical log lines (pure; the clock is given): the first of a run of identical
 * lines is printed, the ones that follow within the window are counted instead, and when the
 * window ends one line says how many there were: "... (repeated 7 times in the last 60 s)". A
 * problem that goes on (a credentials error every 10 s) so gives one line per window, not one per
 * occurrence; a line that stops repeating leaves nothing behind.
 *
 * <p>Thread-safe. Remembers at most {@link #MAX_KEYS} distinct lines (the oldest are forgotten).
 *
 * @param <K> what makes two lines identical (logger, level, formatted message, error)
 */
public final class RepeatFolder<K> {
    static final int MAX_KEYS = 2_000;

    /** A summary due: the line, how many identical ones were folded, over how long. */
    public record Summary<K>(K key, int repeats, Duration over) {
    }

    private static final class Slot {
        long windowStart;
        int folded;

        Slot(long windowStart) {
            this.windowStart = windowStart;
        }
    }

    private final long windowNanos;
    private final LongSupplier nanos;
    private final Map<K, Slot> entries = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<K, Slot> eldest) {
            return size() > MAX_KEYS;
        }
    };

    /** @param nanos a monotonic clock in nanoseconds ({@code System::nanoTime}; tests pass their own) */
    public RepeatFolder(Duration window, LongSupplier nanos) {
        this.windowNanos = window.toNanos();
        this.nanos = nanos;
    }

    public Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /**
     * Whether to print this line now (true), or fold it (false): folded when an identical line was
     * printed less than the window ago.
     */
    public synchronized boolean admit(K key) {
        long now = nanos.getAsLong();
        Slot e = entries.get(key);
        if (e == null || now - e.windowStart >= windowNanos && e.folded == 0) {
            entries.put(key, new Slot(now));
            return true;
        }
        e.folded++;
        return false;
    }

    /**
     * The summaries whose window has ended with lines folded in it: each starts a new window (the
     * problem may go on); lines whose window ended with nothing folded are forgotten.
     */
    public synchronized List<Summary<K>> due() {
        long now = nanos.getAsLong();
        List<Summary<K>> out = new ArrayList<>();
        for (Iterator<Map.Entry<K, Slot>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<K, Slot> me = it.next();
            Slot e = me.getValue();
            if (now - e.windowStart < windowNanos) continue;
            if (e.folded == 0) {
                it.remove();
                continue;
            }
            out.add(new Summary<>(me.getKey(), e.folded, Duration.ofNanos(now - e.windowStart)));
            e.windowStart = now;
            e.folded = 0;
        }
        return out;
    }

    /** " (repeated 7 times in the last 60 s)". */
    public static String note(int repeats, Duration over) {
        return " (repeated " + repeats + (repeats == 1 ? " time" : " times") + " in the last "
                + Math.max(1, Math.round(over.toMillis() / 1000.0)) + " s)";
    }
}
