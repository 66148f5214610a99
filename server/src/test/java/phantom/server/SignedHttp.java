package phantom.server;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import phantom.core.model.User;

/**
 * Sends raw Query requests, signed with the AWS SDK's own SigV4 signer, so tests can put anything
 * on the wire (malformed encodings, absurd indexes) and still get past authentication.
 */
final class SignedHttp {
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final User user;

    SignedHttp(URI endpoint, User user) {
        this.endpoint = endpoint;
        this.user = user;
    }

    record Reply(int status, String body, String requestIdHeader) {
        Document xml() {
            try {
                return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new AssertionError("response is not XML: " + body, e);
            }
        }

        String errorCode() {
            var codes = xml().getElementsByTagName("Code");
            return codes.getLength() == 0 ? null : codes.item(0).getTextContent();
        }
    }

    /** POSTs a form body (already encoded, sent byte for byte), signed. */
    Reply post(byte[] body) throws Exception {
        return send(signedPost(body, body));
    }

    /** POSTs a form body signed for {@code service} (the service of the SigV4 credential scope). */
    Reply post(byte[] body, String service) throws Exception {
        return send(signedPost(body, body, service));
    }

    /** A POST whose signature covers {@code signedBody} but which carries {@code sentBody}. */
    HttpRequest signedPost(byte[] signedBody, byte[] sentBody) {
        return signedPost(signedBody, sentBody, "autoscaling");
    }

    private HttpRequest signedPost(byte[] signedBody, byte[] sentBody, String service) {
        byte[] body = signedBody;
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(user.accessKeyId(), user.secretAccessKey()))
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(sentBody));
        signed.request().headers().forEach((k, vs) -> {
            if (!RESTRICTED.contains(k.toLowerCase())) vs.forEach(v -> b.header(k, v));
        });
        return b.build();
    }

    /**
     * The query string of a GET signed with Signature Version 2 (HmacSHA256, {@code Timestamp} now),
     * written out independently of the server's verifier: parameters sorted by name, RFC 3986 encoded.
     */
    String sigV2Query(java.util.Map<String, String> parameters) throws Exception {
        java.util.TreeMap<String, String> p = new java.util.TreeMap<>(parameters);
        p.put("AWSAccessKeyId", user.accessKeyId());
        p.put("SignatureMethod", "HmacSHA256");
        p.put("SignatureVersion", "2");
        p.putIfAbsent("Timestamp", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        StringBuilder q = new StringBuilder();
        p.forEach((k, v) -> q.append(q.isEmpty() ? "" : "&").append(rfc3986(k)).append('=').append(rfc3986(v)));
        String toSign = "GET\n" + endpoint.getHost() + ":" + endpoint.getPort() + "\n/\n" + q;
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(user.secretAccessKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = java.util.Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        return q + "&Signature=" + rfc3986(signature);
    }

    static String rfc3986(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    /** Sends a request without any signature. */
    Reply unsigned(String query) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(endpoint + "/?" + query)).GET().build());
    }

    Reply send(HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r.headers().firstValue("x-amzn-RequestId").orElse(null));
    }
}
