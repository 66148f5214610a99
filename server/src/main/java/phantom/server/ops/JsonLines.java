package phantom.server.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code logging.format: json}: one JSON object per line, with flat keys a log shipper indexes as
 * they are: {@code time} (ISO-8601, UTC), {@code level}, {@code logger}, {@code thread},
 * {@code message}, the context's keys ({@code request_id} while a request is handled), and
 * {@code error} (the stack trace) when there is one.
 */
public final class JsonLines extends EncoderBase<ILoggingEvent> {
    private static final byte[] NOTHING = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent e) {
        return line(e).getBytes(StandardCharsets.UTF_8);
    }

    /** The event as one line of JSON, ending in a newline. */
    static String line(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(256);
        b.append('{');
        field(b, "time", Instant.ofEpochMilli(e.getTimeStamp()).toString());
        field(b, "level", e.getLevel().toString());
        field(b, "logger", e.getLoggerName());
        field(b, "thread", e.getThreadName());
        field(b, "message", e.getFormattedMessage());
        Map<String, String> mdc = e.getMDCPropertyMap();
        if (mdc != null) {
            for (Map.Entry<String, String> m : new TreeMap<>(mdc).entrySet()) {
                if (!Fields.RESERVED.contains(m.getKey())) field(b, m.getKey(), m.getValue());
            }
        }
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) field(b, "error", ThrowableProxyUtil.asString(t));
        b.setLength(b.length() - 1); // the last comma
        return b.append("}\n").toString();
    }

    private static final class Fields {
        static final java.util.Set<String> RESERVED = java.util.Set.of("time", "level", "logger", "thread", "message", "error");
    }

    private static void field(StringBuilder b, String name, String value) {
        quote(b, name);
        b.append(':');
        if (value == null) b.append("null");
        else quote(b, value);
        b.append(',');
    }

    /** A JSON string (RFC 8259): quotes, backslashes and control characters escaped. */
    static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }
}
