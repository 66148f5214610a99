package phantom.api.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw requests real clients sent (shared testdata client-captures.txt, copied into test resources):
 * sections headed {@code ######## X. title ########}, each holding captures that start with a line of
 * {@code =}, then {@code # client: ? (captured <instant>)}, then the raw HTTP request (request line,
 * headers, blank line, body of Content-Length bytes).
 */
final class ClientCaptures {
    private static final Pattern SECTION = Pattern.compile("^#{8} ([A-Z])\\. (.*?) #{8}$");
    private static final Pattern CAPTURED = Pattern.compile("^# client: .*\\(captured (\\S+)\\)$");

    /** One captured request; {@code section} is the letter of its heading (A, B, ...). */
    record Capture(String section, String title, Instant capturedAt, HttpRequestView request) {
        boolean hasAwsAuth() {
            return request.header("authorization") != null || request.rawQuery().contains("Signature=");
        }

        @Override
        public String toString() {
            return section + " " + request.method() + " " + capturedAt + " (" + title + ")";
        }
    }

    private ClientCaptures() {
    }

    static List<Capture> load() {
        try (InputStream in = ClientCaptures.class.getResourceAsStream("/client-captures.txt")) {
            if (in == null) {
                throw new IllegalStateException("client-captures.txt is missing from the test resources");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Capture> parse(String file) {
        List<String> lines = Arrays.asList(file.split("\n", -1));
        List<Capture> captures = new ArrayList<>();
        String section = null;
        String title = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher heading = SECTION.matcher(lines.get(i));
            if (heading.matches()) {
                section = heading.group(1);
                title = heading.group(2);
            } else if (isSeparator(lines.get(i))) {
                Matcher captured = CAPTURED.matcher(lines.get(i + 1));
                if (!captured.matches()) {
                    throw new IllegalStateException("line " + (i + 2) + ": expected '# client: ... (captured ...)'");
                }
                int end = i + 2;
                while (end < lines.size() && !isSeparator(lines.get(end)) && !SECTION.matcher(lines.get(end)).matches()) {
                    end++;
                }
                captures.add(new Capture(section, title, Instant.parse(captured.group(1)),
                        request(lines.subList(i + 2, end))));
                i = end - 1;
            }
        }
        return captures;
    }

    private static boolean isSeparator(String line) {
        return line.length() > 10 && line.chars().allMatch(c -> c == '=');
    }

    private static HttpRequestView request(List<String> lines) {
        String[] requestLine = lines.get(0).split(" ");
        String target = requestLine[1];
        int q = target.indexOf('?');
        RequestBuilder builder = RequestBuilder.request(requestLine[0], q < 0 ? target : target.substring(0, q),
                q < 0 ? "" : target.substring(q + 1));
        int i = 1;
        int contentLength = 0;
        for (; !lines.get(i).isEmpty(); i++) {
            int colon = lines.get(i).indexOf(':');
            String name = lines.get(i).substring(0, colon);
            String value = lines.get(i).substring(colon + 1).strip();
            builder.header(name, value);
            if (name.equalsIgnoreCase("content-length")) {
                contentLength = Integer.parseInt(value);
            }
        }
        byte[] rest = String.join("\n", lines.subList(i + 1, lines.size())).getBytes(StandardCharsets.UTF_8);
        if (rest.length < contentLength) {
            throw new IllegalStateException("body shorter than Content-Length " + contentLength + ": " + lines.get(0));
        }
        return builder.body(Arrays.copyOf(rest, contentLength)).build();
    }
}
