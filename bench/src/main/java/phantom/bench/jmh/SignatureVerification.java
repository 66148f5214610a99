package phantom.bench.jmh;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import phantom.api.auth.AuthFailure;
import phantom.api.auth.HttpRequestView;
import phantom.api.auth.RequestAuthenticator;

/**
 * Verifying the signature of a typical request: a SigV4 POST of DescribeAutoScalingGroups as
 * botocore sends it (form body, content-type, host and x-amz-date signed), and a SigV2 (HmacSHA256)
 * GET of the same action as boto 2 sends it. The requests are signed here, independently of the
 * code under test; the authenticator decodes the parameters and checks the signature.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignatureVerification {
    static final String KEY = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Instant NOW = Instant.parse("2026-11-24T14:41:35Z");
    private static final String HOST = "127.0.0.1:8445";

    private RequestAuthenticator authenticator;
    private HttpRequestView sigV4;
    private HttpRequestView sigV2;

    @Setup
    public void setUp() {
        authenticator = new RequestAuthenticator(key -> KEY.equals(key) ? Optional.of(SECRET) : Optional.empty(),
                Clock.fixed(NOW, ZoneOffset.UTC));
        sigV4 = sigV4Request();
        sigV2 = sigV2Request();
    }

    static HttpRequestView sigV4Request() {
        String body = "Action=DescribeAutoScalingGroups&Version=2011-01-01&AutoScalingGroupNames.member.1=web"
                + "&AutoScalingGroupNames.member.2=api&MaxRecords=100";
        String amzDate = "20261124T144135Z";
        String contentType = "application/x-www-form-urlencoded; charset=utf-8";
        String canonical = "POST\n/\n\ncontent-type:" + contentType + "\nhost:" + HOST + "\nx-amz-date:" + amzDate
                + "\n\ncontent-type;host;x-amz-date\n" + sha256Hex(body);
        String scope = "20261124/us-east-1/autoscaling/aws4_request";
        byte[] k = hmac("HmacSHA256", ("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), "20261124");
        k = hmac("HmacSHA256", k, "us-east-1");
        k = hmac("HmacSHA256", k, "autoscaling");
        k = hmac("HmacSHA256", k, "aws4_request");
        String signature = HexFormat.of().formatHex(hmac("HmacSHA256", k,
                "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonical)));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of(contentType));
        headers.put("host", List.of(HOST));
        headers.put("x-amz-date", List.of(amzDate));
        headers.put("authorization", List.of("AWS4-HMAC-SHA256 Credential=" + KEY + "/" + scope
                + ", SignedHeaders=content-type;host;x-amz-date, Signature=" + signature));
        return new HttpRequestView("POST", "/", "", headers, body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpRequestView sigV2Request() {
        String parameters = "AWSAccessKeyId=" + KEY + "&Action=DescribeAutoScalingGroups&AutoScalingGroupNames.member.1=web"
                + "&AutoScalingGroupNames.member.2=api&MaxRecords=100&SignatureMethod=HmacSHA256&SignatureVersion=2"
                + "&Timestamp=2026-11-24T14%3A41%3A35Z&Version=2011-01-01";
        String signature = Base64.getEncoder().encodeToString(hmac("HmacSHA256", SECRET.getBytes(StandardCharsets.UTF_8),
                "GET\n" + HOST + "\n/\n" + parameters));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("host", List.of(HOST));
        return new HttpRequestView("GET", "/", parameters + "&Signature=" + URLEncoder.encode(signature, StandardCharsets.UTF_8),
                headers, new byte[0]);
    }

    @Benchmark
    public Object verifySigV4() throws AuthFailure {
        return authenticator.verify(sigV4);
    }

    @Benchmark
    public Object verifySigV2() throws AuthFailure {
        return authenticator.verify(sigV2);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(String algorithm, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
