package phantom.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random, malformed and hostile requests (seeded, so a failure names a reproducible seed) must end in
 * either a verified key or an {@link AuthFailure} with a code, a 4xx status and a message: never another
 * exception.
 */
class GarbageInputTest {
    private static final int REQUESTS_PER_SEED = 300;
    private static final List<ClientCaptures.Capture> CAPTURES = ClientCaptures.load();
    private static final String NASTY = "aZ09 ,;=/&%+?:#\t\r\n\u0000\u007f\u00e9\u20ac\ud800\udfff\"'<>[]{}\\"
            + "-_.~*()!$@^`|";
    private static final List<String> WORDS = List.of("AWS4-HMAC-SHA256", "Credential=", "SignedHeaders=",
            "Signature=", "AKIDEXAMPLE", "/20261124/", "us-east-1/autoscaling/aws4_request", "aws4_request",
            "host;x-amz-date", "AWSAccessKeyId=", "SignatureVersion=2", "SignatureMethod=HmacSHA1",
            "SignatureMethod=HmacSHA256", "Timestamp=", "Expires=", "X-Amz-Algorithm=AWS4-HMAC-SHA256",
            "X-Amz-Credential=", "X-Amz-Date=", "X-Amz-Expires=", "X-Amz-SignedHeaders=", "X-Amz-Signature=",
            "X-Amz-Security-Token=", "SecurityToken=", "2026-11-24T14%3A38%3A13Z", "20261124T143809Z", "%", "%2",
            "%E2%82", "&", "=", ",", ";", "+", "99999999999999999999", "-1", "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00+18:00", "0");

    private static final String PRESIGNED = "Action=DescribeAutoScalingGroups&X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIDEXAMPLE%2F20261124%2Fus-east-1%2Fautoscaling%2Faws4_request"
            + "&X-Amz-Date=20261124T143800Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=3a79a6e5e85d";

    static IntStream seeds() {
        return IntStream.range(0, 40);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void onlyAuthFailuresComeOut(int seed) {
        Random random = new Random(seed);
        for (int i = 0; i < REQUESTS_PER_SEED; i++) {
            HttpRequestView request = randomRequest(random);
            assertOnlyAuthFailure(request, "seed " + seed + " request " + i);
        }
    }

    @Test
    void hugeInputsAreRefusedQuickly() {
        String huge = "A".repeat(2_000_000);
        List<HttpRequestView> requests = List.of(
                RequestBuilder.request("GET", "/", "").header("Authorization", huge).build(),
                RequestBuilder.request("GET", "/", "").header("Authorization", "AWS4-HMAC-SHA256 Credential=" + huge
                        + ", SignedHeaders=" + ";x".repeat(100_000) + ", Signature=" + huge).build(),
                RequestBuilder.request("GET", "/", "a=" + huge + "&Signature=" + huge).build(),
                RequestBuilder.request("GET", "/", "&".repeat(1_000_000) + "%").build(),
                RequestBuilder.request("POST", "/", "").header("Content-Type", "application/x-www-form-urlencoded")
                        .body("x=1&".repeat(200_000) + "AWSAccessKeyId=AKIDEXAMPLE").build(),
                RequestBuilder.request("POST", "/", "x=1&".repeat(20_000)).header("Content-Type",
                        "application/x-www-form-urlencoded").body("y=1&".repeat(20_000) + "Signature=x").build());
        long start = System.nanoTime();
        for (HttpRequestView request : requests) {
            assertOnlyAuthFailure(request, "huge input");
        }
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(20_000);
    }

    private static void assertOnlyAuthFailure(HttpRequestView request, String which) {
        try {
            String key = Examples.authenticatorAt("2026-11-24T14:38:13Z").authenticate(request);
            assertThat(key).isEqualTo(Examples.ACCESS_KEY);
        } catch (AuthFailure f) {
            assertThat(f.code()).as(which).isNotBlank();
            assertThat(f.httpStatus()).as(which).isIn(400, 403, 404, 405, 415);
            assertThat(f.getMessage()).as(which).isNotBlank();
        } catch (RuntimeException | Error e) {
            fail(which + " threw " + e + " for " + describe(request), e);
        }
    }

    private static HttpRequestView randomRequest(Random random) {
        RequestBuilder builder;
        if (random.nextInt(3) == 0) {
            builder = RequestBuilder.request(pick(random, List.of("GET", "POST", "PUT", "", "get")),
                    random.nextBoolean() ? "/" : text(random, 20), text(random, 200));
            builder.header("Host", text(random, 30));
        } else {
            builder = RequestBuilder.copyOf(CAPTURES.get(random.nextInt(CAPTURES.size())).request());
        }
        int changes = 1 + random.nextInt(4);
        for (int c = 0; c < changes; c++) {
            switch (random.nextInt(13)) {
                case 0 -> builder.replaceHeader("Authorization", text(random, 300));
                case 1 -> builder.replaceHeader("Authorization", "AWS4-HMAC-SHA256 " + text(random, 200));
                case 2 -> builder.query(text(random, 300));
                case 3 -> builder.body(bytes(random, 300));
                case 4 -> builder.replaceHeader(pick(random, List.of("X-Amz-Date", "Date", "x-amz-content-sha256",
                        "Host", "Content-Type", "X-Amz-Security-Token")), text(random, 60));
                case 5 -> builder.removeHeader(pick(random, List.of("Authorization", "X-Amz-Date", "Host")));
                case 6 -> builder.header("Authorization", text(random, 50));
                case 7 -> builder.replaceHeader("Content-Type", "application/x-www-form-urlencoded")
                        .body(text(random, 300)).method("POST");
                case 8 -> builder.path(text(random, 40));
                case 9 -> builder.query("AWSAccessKeyId=AKIDEXAMPLE&SignatureVersion=2&" + text(random, 200));
                case 10 -> builder.query(mutate(random, "AWSAccessKeyId=AKIDEXAMPLE&SignatureVersion=2"
                        + "&SignatureMethod=HmacSHA256&Timestamp=2026-11-24T14%3A38%3A13Z&Signature=5E7kD%2B1JD"));
                case 11 -> builder.removeHeader("Authorization").query(mutate(random, PRESIGNED));
                default -> builder.replaceHeader("Authorization", mutate(random, "AWS4-HMAC-SHA256 Credential="
                        + "AKIDEXAMPLE/20261124/us-east-1/autoscaling/aws4_request, SignedHeaders=content-type;host;"
                        + "x-amz-date, Signature=9bf2352d37387ac3581cd9904fcbf86f5c13ecc07397a35d77e830200a7549f5"));
            }
        }
        return builder.build();
    }

    /** A valid string with a few random characters or words replaced, inserted or deleted. */
    private static String mutate(Random random, String valid) {
        StringBuilder out = new StringBuilder(valid);
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = random.nextInt(out.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> out.insert(at, random.nextBoolean() ? pick(random, WORDS) : text(random, 3));
                case 1 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(8)));
                default -> out.replace(at, Math.min(out.length(), at + 1), text(random, 2));
            }
        }
        return out.toString();
    }

    /** Random text mixing words that steer the parsers deep with characters that break them. */
    private static String text(Random random, int maxLength) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        while (out.length() < length) {
            if (random.nextInt(3) == 0) {
                out.append(pick(random, WORDS));
            } else {
                out.append(NASTY.charAt(random.nextInt(NASTY.length())));
            }
        }
        return out.toString();
    }

    private static byte[] bytes(Random random, int maxLength) {
        if (random.nextBoolean()) {
            return text(random, maxLength).getBytes(StandardCharsets.UTF_8);
        }
        byte[] out = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(out);
        return out;
    }

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private static String describe(HttpRequestView request) {
        return request.method() + " " + request.path() + "?" + request.rawQuery() + " " + request.headers()
                + " body " + new String(request.body(), StandardCharsets.UTF_8);
    }
}
