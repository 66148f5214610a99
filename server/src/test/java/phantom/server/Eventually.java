package phantom.server;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition of the running engine every few milliseconds, up to a bound; returns the last value. */
final class Eventually {
    private Eventually() {
    }

    static <T> T await(String what, Supplier<T> read, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        T last = read.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = read.get();
        }
        return last;
    }
}
