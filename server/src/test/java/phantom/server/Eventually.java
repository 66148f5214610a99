package phantom.server;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition of the running engine every few milliseconds, up to a bound; returns the last value. */
final class Eventually {
    private Eventually() {
    }

    static <T> T await(String what, Supplier<T> read, java.util.function.Predicate<T> done) {
        return await(what, Duration.ofSeconds(30), Duration.ofMillis(20), read, done);
    }

    /** With its own bound, polling every {@code every} (a large read need not run every few milliseconds). */
    static <T> T await(String what, Duration bound, Duration every, Supplier<T> read, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + bound.toNanos();
        T last = read.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = read.get();
        }
        return last;
    }
}
