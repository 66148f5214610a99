package phantom.api.xml;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.function.BiConsumer;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes Query-protocol XML the way every client in docs/wire-protocol.md §1.4 accepts: absent values
 * omitted (never an empty numeric or timestamp element), lists always wrapped in {@code member}
 * and emitted even when empty, booleans lower-case, timestamps {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'},
 * and text that parses back to exactly what was stored (carriage returns as {@code &#xD;}).
 */
public final class XmlOut {
    public static final String NAMESPACE = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    private final XMLStreamWriter w;

    XmlOut(String root) {
        try {
            w = FACTORY.createXMLStreamWriter(bytes, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement(root);
            w.writeDefaultNamespace(NAMESPACE);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A success document: {@code <{action}Response>}. */
    public static XmlOut response(String action) {
        return new XmlOut(action + "Response");
    }

    public static String time(Instant t) {
        return TIME.format(t);
    }

    public XmlOut begin(String name) {
        try {
            w.writeStartElement(name);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public XmlOut end() {
        try {
            w.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** {@code <name>value</name>}, or nothing when value is null. */
    public XmlOut text(String name, String value) {
        if (value == null) return this;
        try {
            w.writeStartElement(name);
            characters(value);
            w.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /**
     * Writes text so that any XML parser reads back exactly {@code value}: a carriage return is
     * written {@code &#xD;}, since a raw one is read back as a line feed (XML 1.0 §2.11).
     */
    private void characters(String value) throws XMLStreamException {
        int from = 0;
        for (int cr = value.indexOf('\r'); cr >= 0; cr = value.indexOf('\r', from)) {
            w.writeCharacters(value.substring(from, cr));
            w.writeEntityRef("#xD");
            from = cr + 1;
        }
        w.writeCharacters(value.substring(from));
    }

    public XmlOut number(String name, Number value) {
        return text(name, value == null ? null : value.toString());
    }

    public XmlOut bool(String name, Boolean value) {
        return text(name, value == null ? null : value ? "true" : "false");
    }

    public XmlOut time(String name, Instant value) {
        return text(name, value == null ? null : time(value));
    }

    /** {@code <name><member>..</member>...</name>}; {@code <name/>} when empty. */
    public <T> XmlOut list(String name, Collection<T> items, BiConsumer<XmlOut, T> member) {
        begin(name);
        for (T item : items) {
            begin("member");
            member.accept(this, item);
            end();
        }
        return end();
    }

    public XmlOut strings(String name, Collection<String> items) {
        begin(name);
        for (String s : items) text("member", s);
        return end();
    }

    /** Closes the document after {@code <ResponseMetadata><RequestId>}. */
    public byte[] finish(String requestId) {
        begin("ResponseMetadata").text("RequestId", requestId).end();
        return close();
    }

    byte[] close() {
        try {
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** The {@code <ErrorResponse>} document (RequestId a direct child, as AWS sends it). */
    public static byte[] error(String type, String code, String message, String requestId) {
        XmlOut x = new XmlOut("ErrorResponse");
        x.begin("Error").text("Type", type).text("Code", code).text("Message", message).end();
        x.text("RequestId", requestId);
        return x.close();
    }
}
