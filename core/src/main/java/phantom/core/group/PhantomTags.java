package phantom.core.group;

import static phantom.core.model.Group.CLOUDS_TAG;
import static phantom.core.model.Group.MINIMUM_VMS_TAG;
import static phantom.core.model.Group.N_PRESERVE_TAG;

import java.util.List;
import java.util.Optional;
import phantom.core.model.SitePreference;
import phantom.core.model.Tag;
import phantom.core.text.DidYouMean;

/**
 * The Phantom tags of a group (docs/design.md, "Groups"): {@code PHANTOM_DEFINITION} (alias
 * {@code PHANTOM_DEFINTION}), {@code clouds}, and {@code n_preserve} (alias {@code minimum_vms}).
 * Pure: reads tag lists as a client gave them, refuses with what to fix. Once a group holds them,
 * the values of {@code clouds} and {@code n_preserve} show its fields ({@link phantom.core.model.Group}).
 */
final class PhantomTags {
    static final String DEFINITION = "PHANTOM_DEFINITION";
    static final String DEFINITION_TYPO = "PHANTOM_DEFINTION";
    static final List<String> DEFINITIONS = List.of("error_overflow_n_preserving");
    static final String CLOUDS_FORMAT = "write it as site:max[,site:max...] with commas between the sites, most preferred"
            + " first, max -1 for no cap; for example hotel:8,sierra:-1";

    private PhantomTags() {
    }

    static boolean isPhantom(List<Tag> tags) {
        return tags.stream().anyMatch(t -> switch (t.key()) {
            case DEFINITION, DEFINITION_TYPO, CLOUDS_TAG, N_PRESERVE_TAG, MINIMUM_VMS_TAG -> true;
            default -> false;
        });
    }

    /** True for the tags that place a Phantom group's VMs, which DeleteTags may not remove from it. */
    static boolean placesVms(String key) {
        return key.equals(CLOUDS_TAG) || key.equals(DEFINITION) || key.equals(DEFINITION_TYPO);
    }

    static void checkDefinition(List<Tag> tags) {
        for (Tag t : tags) {
            if ((t.key().equals(DEFINITION) || t.key().equals(DEFINITION_TYPO)) && !DEFINITIONS.contains(t.value())) {
                throw Refusal.validation("Tag " + t.key() + " has the unknown definition '" + t.value() + "'"
                        + DidYouMean.aside(t.value(), DEFINITIONS) + ". Accepted definitions: " + String.join(", ", DEFINITIONS) + ".");
            }
        }
    }

    static Optional<List<SitePreference>> clouds(List<Tag> tags) {
        Optional<Tag> t = find(tags, CLOUDS_TAG);
        if (t.isEmpty()) return Optional.empty();
        List<SitePreference> list;
        try {
            list = SitePreference.parseList(t.get().value());
        } catch (IllegalArgumentException e) {
            throw Refusal.validation("Tag clouds: " + e.getMessage() + "; " + CLOUDS_FORMAT + ".");
        }
        for (SitePreference p : list) {
            if (p.site().matches(".*[;|\\s].*")) {
                throw Refusal.validation("Tag clouds '" + t.get().value() + "' is not a list of site:max: " + CLOUDS_FORMAT + ".");
            }
        }
        return Optional.of(list);
    }

    /** The count from {@code n_preserve} or {@code minimum_vms}; both present must agree. */
    static Optional<Integer> count(List<Tag> tags, int maxGroupSize) {
        Optional<Integer> n = parseCount(tags, N_PRESERVE_TAG, maxGroupSize);
        Optional<Integer> m = parseCount(tags, MINIMUM_VMS_TAG, maxGroupSize);
        if (n.isPresent() && m.isPresent() && !n.equals(m)) {
            throw Refusal.validation("Tags n_preserve (" + n.get() + ") and minimum_vms (" + m.get()
                    + ") disagree: they are two names for the same count, give one.");
        }
        return n.isPresent() ? n : m;
    }

    /** The name of the count tag among {@code tags}: n_preserve when given, else minimum_vms. */
    static String countTag(List<Tag> tags) {
        return find(tags, N_PRESERVE_TAG).isPresent() ? N_PRESERVE_TAG : MINIMUM_VMS_TAG;
    }

    private static Optional<Integer> parseCount(List<Tag> tags, String key, int maxGroupSize) {
        Optional<Tag> t = find(tags, key);
        if (t.isEmpty()) return Optional.empty();
        String v = t.get().value().strip();
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw Refusal.validation("Tag " + key + " must be a whole number of VMs (for example " + key + "=4), got '"
                    + t.get().value() + "'.");
        }
        if (n < 0 || n > maxGroupSize) {
            throw Refusal.validation("Tag " + key + " must be between 0 and " + maxGroupSize + ", got " + n + ".");
        }
        return Optional.of(n);
    }

    static Optional<Tag> find(List<Tag> tags, String key) {
        return tags.stream().filter(t -> t.key().equals(key)).findFirst();
    }
}
