package phantom.core.text;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A time as the AWS API writes it, in its responses and in the text of its causes: {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}, UTC. */
public final class AwsTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private AwsTime() {
    }

    public static String format(Instant t) {
        return FORMAT.format(t);
    }
}
