package phantom.core.driver;

import java.util.Map;
import java.util.TreeMap;

/**
 * One user's secrets for one site (EC2 keys, an OpenStack password or application credential), as
 * name/value pairs whose names the site's driver defines. Never logged: {@link #toString()} shows
 * only the names.
 */
public record CloudCredentials(Map<String, String> values) {
    public static final CloudCredentials NONE = new CloudCredentials(Map.of());

    public CloudCredentials {
        values = Map.copyOf(values);
    }

    public String get(String name) {
        return values.get(name);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public String toString() {
        return "CloudCredentials" + new TreeMap<>(values).keySet();
    }
}
