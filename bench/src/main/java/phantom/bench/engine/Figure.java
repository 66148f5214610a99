package phantom.bench.engine;

import java.util.Locale;

/**
 * One measured figure of the engine benchmark.
 *
 * @param name a stable name ({@code groups.act}), for {@code --only} and the smoke test
 * @param value the measurement, in {@code unit}
 * @param what what was measured, in words
 * @param target the target for it, or what bounds it
 */
record Figure(String name, double value, String unit, String what, String target) {
    /** One line: name, value and unit, what it is, the target. */
    String line() {
        String v = unit.equals("x") ? String.format(Locale.ROOT, "%.2fx", value)
                : unit.equals("") ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.3f %s", value, unit);
        return String.format(Locale.ROOT, "%-30s %14s  %s  [target: %s]", name, v, what, target);
    }
}
