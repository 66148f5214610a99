package phantom.api.xml;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import phantom.core.text.AwsTime;

/**
 * Writes Query-protocol XML the way every client in docs/wire-protocol.md §1.4 accepts: absent values
 * omitted (never an empty numeric or timestamp element), lists always wrapped in {@code member}
 * and emitted even when empty, booleans lower-case, timestamps {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'},
 * and text that parses back to exactly what was stored (carriage returns as {@code &#xD;}).
 *
 * <p>It appends UTF-8 straight into one growable byte array: element tags are encoded once per
 * name and cached, text is escaped through a lookup table ({@code &}, {@code <}, {@code >} and
 * carriage return; quotes stay literal), and the finished document is handed to the HTTP layer as a
 * buffer over that array, without a further copy. The bytes are those the JDK's StAX writer made
 * before it (the golden test and {@code XmlWriterTest} hold it to that). One writer serves one
 * response on one thread; it has no locks.
 */
public final class XmlWriter {
    public static final String NAMESPACE = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    /** The namespace of EC2's answers, API version 2016-11-15 (docs/wire-protocol.md §4). */
    public static final String EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final byte[] DECLARATION = ascii("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    private static final byte[] XMLNS = ascii(" xmlns=\"" + NAMESPACE + "\">");
    private static final byte[] EC2_XMLNS = ascii(" xmlns=\"" + EC2_NAMESPACE + "\">");
    private static final byte[] NO_XMLNS = ascii(">");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    /** The escape of each ASCII character, or null when it is written as itself. */
    private static final byte[][] ESCAPES = new byte[128][];
    private static final ConcurrentHashMap<String, Tag> TAGS = new ConcurrentHashMap<>();
    private static final Tag MEMBER = tag("member");
    private static final Tag ITEM = tag("item");
    private static final Tag RESPONSE_METADATA = tag("ResponseMetadata");
    private static final Tag REQUEST_ID = tag("RequestId");

    static {
        ESCAPES['&'] = ascii("&amp;");
        ESCAPES['<'] = ascii("&lt;");
        ESCAPES['>'] = ascii("&gt;");
        ESCAPES['\r'] = ascii("&#xD;");
    }

    /**
     * An element name's start tag, end tag and start tag without its {@code >}, encoded once; for a
     * root element, also the recent size of its documents, so that the next one starts with about
     * the room it needs instead of growing into it (a hint: racing writers may lose an update).
     */
    private static final class Tag {
        final byte[] open;
        final byte[] close;
        final byte[] openUnclosed;
        int typicalSize;

        Tag(byte[] open, byte[] close, byte[] openUnclosed) {
            this.open = open;
            this.close = close;
            this.openUnclosed = openUnclosed;
        }

        byte[] open() {
            return open;
        }

        byte[] close() {
            return close;
        }

        byte[] openUnclosed() {
            return openUnclosed;
        }
    }

    private byte[] buf;
    private int size;
    private Tag[] open = new Tag[16];
    private int depth;

    private final Tag root;

    private XmlWriter(String rootName, int capacity, byte[] namespace) {
        root = tag(rootName);
        buf = new byte[Math.max(capacity, root.typicalSize + root.typicalSize / 8)];
        append(DECLARATION);
        Tag r = root;
        append(r.openUnclosed());
        append(namespace);
        push(r);
    }

    /** A success document: {@code <{action}Response>}. */
    public static XmlWriter response(String action) {
        return new XmlWriter(action + "Response", 4096, XMLNS);
    }

    /**
     * A success document in EC2's dialect: {@code <{action}Response>} in EC2's namespace with its
     * {@code <requestId>} first; lists are {@link #items}, and {@link #complete} closes it.
     */
    public static XmlWriter ec2Response(String action, String requestId) {
        XmlWriter x = new XmlWriter(action + "Response", 1024, EC2_XMLNS);
        return x.text("requestId", requestId);
    }

    /** {@code t} as the API writes times: {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}, UTC. */
    public static String time(Instant t) {
        return AwsTime.format(t);
    }

    public XmlWriter begin(String name) {
        return begin(tag(name));
    }

    public XmlWriter end() {
        append(open[--depth].close());
        return this;
    }

    /** {@code <name>value</name>}, or nothing when value is null. */
    public XmlWriter text(String name, String value) {
        return value == null ? this : text(tag(name), value);
    }

    public XmlWriter number(String name, Number value) {
        if (value == null) return this;
        Tag t = tag(name);
        append(t.open());
        if (value instanceof Integer n) {
            digits(n);
        } else {
            escaped(value.toString());
        }
        append(t.close());
        return this;
    }

    public XmlWriter bool(String name, Boolean value) {
        if (value == null) return this;
        Tag t = tag(name);
        append(t.open());
        append(value ? TRUE : FALSE);
        append(t.close());
        return this;
    }

    public XmlWriter time(String name, Instant value) {
        if (value == null) return this;
        LocalDateTime d = LocalDateTime.ofEpochSecond(value.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = d.getYear();
        if (year < 1000 || year > 9999) return text(name, time(value)); // the formatter's own forms (signs, padding)
        Tag t = tag(name);
        append(t.open());
        ensure(24);
        byte[] b = buf;
        int n = two(b, two(b, size, year / 100), year % 100);
        b[n++] = '-';
        n = two(b, n, d.getMonthValue());
        b[n++] = '-';
        n = two(b, n, d.getDayOfMonth());
        b[n++] = 'T';
        n = two(b, n, d.getHour());
        b[n++] = ':';
        n = two(b, n, d.getMinute());
        b[n++] = ':';
        n = two(b, n, d.getSecond());
        b[n++] = '.';
        int millis = value.getNano() / 1_000_000;
        b[n++] = (byte) ('0' + millis / 100);
        n = two(b, n, millis % 100);
        b[n++] = 'Z';
        size = n;
        append(t.close());
        return this;
    }

    /** {@code <name><member>..</member>...</name>}; {@code <name></name>} when empty. */
    public <T> XmlWriter list(String name, Collection<T> items, BiConsumer<XmlWriter, T> member) {
        Tag t = tag(name);
        append(t.open());
        for (T item : items) {
            begin(MEMBER);
            member.accept(this, item);
            end();
        }
        append(t.close());
        return this;
    }

    /** EC2's lists: {@code <name><item>..</item>...</name>}; {@code <name></name>} when empty. */
    public <T> XmlWriter items(String name, Collection<T> items, BiConsumer<XmlWriter, T> item) {
        Tag t = tag(name);
        append(t.open());
        for (T each : items) {
            begin(ITEM);
            item.accept(this, each);
            end();
        }
        append(t.close());
        return this;
    }

    public XmlWriter strings(String name, List<String> items) {
        Tag t = tag(name);
        append(t.open());
        for (int i = 0, n = items.size(); i < n; i++) text(MEMBER, items.get(i));
        append(t.close());
        return this;
    }

    /** Closes the document after {@code <ResponseMetadata><RequestId>}. */
    public ByteBuffer finish(String requestId) {
        begin(RESPONSE_METADATA).text(REQUEST_ID, requestId).end();
        return close();
    }

    /** Closes a document that carries its request id itself ({@link #ec2Response}). */
    public ByteBuffer complete() {
        return close();
    }

    private ByteBuffer close() {
        while (depth > 0) end();
        root.typicalSize = (root.typicalSize + size) / 2;
        return ByteBuffer.wrap(buf, 0, size);
    }

    /** The {@code <ErrorResponse>} document (RequestId a direct child, as AWS sends it). */
    public static ByteBuffer error(String type, String code, String message, String requestId) {
        XmlWriter x = new XmlWriter("ErrorResponse", 512, XMLNS);
        x.begin("Error").text("Type", type).text("Code", code).text("Message", message).end();
        x.text(REQUEST_ID, requestId);
        return x.close();
    }

    /**
     * EC2's error document: {@code <Response><Errors><Error><Code>..</Code><Message>..</Message></Error></Errors>
     * <RequestID>..</RequestID></Response>}, in no namespace, as EC2 sends it.
     */
    public static ByteBuffer ec2Error(String code, String message, String requestId) {
        XmlWriter x = new XmlWriter("Response", 512, NO_XMLNS);
        x.begin("Errors").begin("Error").text("Code", code).text("Message", message).end().end();
        x.text("RequestID", requestId);
        return x.close();
    }

    /** The bytes of a finished document, copied (for tests and tools; the response path does not copy). */
    public static byte[] bytes(ByteBuffer document) {
        ByteBuffer b = document.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private XmlWriter begin(Tag t) {
        append(t.open());
        push(t);
        return this;
    }

    private XmlWriter text(Tag t, String value) {
        append(t.open());
        escaped(value);
        append(t.close());
        return this;
    }

    private void push(Tag t) {
        if (depth == open.length) open = Arrays.copyOf(open, depth * 2);
        open[depth++] = t;
    }

    /** The cached tags of an element name; names come from the actions' code, so the cache stays small. */
    private static Tag tag(String name) {
        Tag t = TAGS.get(name);
        return t != null ? t : TAGS.computeIfAbsent(name, n -> {
            if (n.isEmpty() || !n.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
                throw new IllegalArgumentException("not an element name: " + n);
            }
            return new Tag(ascii("<" + n + ">"), ascii("</" + n + ">"), ascii("<" + n));
        });
    }

    /**
     * Appends {@code s} as UTF-8 with the escapes of {@link #ESCAPES}; an unpaired surrogate becomes
     * {@code ?}, as the JDK's UTF-8 encoder wrote it.
     */
    private void escaped(String s) {
        int len = s.length();
        ensure(len * 5);
        byte[] b = buf;
        int n = size;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte[] e = ESCAPES[c];
                if (e == null) {
                    b[n++] = (byte) c;
                } else {
                    System.arraycopy(e, 0, b, n, e.length);
                    n += e.length;
                }
            } else if (c < 0x800) {
                b[n++] = (byte) (0xc0 | c >> 6);
                b[n++] = (byte) (0x80 | c & 0x3f);
            } else if (!Character.isSurrogate(c)) {
                b[n++] = (byte) (0xe0 | c >> 12);
                b[n++] = (byte) (0x80 | c >> 6 & 0x3f);
                b[n++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[n++] = (byte) (0xf0 | cp >> 18);
                b[n++] = (byte) (0x80 | cp >> 12 & 0x3f);
                b[n++] = (byte) (0x80 | cp >> 6 & 0x3f);
                b[n++] = (byte) (0x80 | cp & 0x3f);
            } else {
                b[n++] = '?';
            }
        }
        size = n;
    }

    private void digits(int v) {
        if (v < 0) {
            if (v == Integer.MIN_VALUE) {
                escaped(Integer.toString(v));
                return;
            }
            append(MINUS);
            v = -v;
        }
        ensure(10);
        int start = size;
        do {
            buf[size++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        for (int i = start, j = size - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private static final byte[] MINUS = {'-'};

    private static int two(byte[] b, int n, int v) {
        b[n] = (byte) ('0' + v / 10);
        b[n + 1] = (byte) ('0' + v % 10);
        return n + 2;
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    private void ensure(int more) {
        if (buf.length - size < more) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
