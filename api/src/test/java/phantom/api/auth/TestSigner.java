package phantom.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A deliberately naive signer for tests, independent of the production code: the caller writes the
 * canonical request or string to sign out literally, and this only does the hashing and HMACs.
 */
final class TestSigner {
    private TestSigner() {
    }

    /** SigV4 signature (hex) of a literal canonical request. */
    static String sigV4(String secret, String amzDate, String region, String service, String canonicalRequest) {
        String date = amzDate.substring(0, 8);
        byte[] key = hmac("HmacSHA256", ("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac("HmacSHA256", key, region);
        key = hmac("HmacSHA256", key, service);
        key = hmac("HmacSHA256", key, "aws4_request");
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + date + "/" + region + "/" + service
                + "/aws4_request\n" + sha256Hex(canonicalRequest);
        return HexFormat.of().formatHex(hmac("HmacSHA256", key, stringToSign));
    }

    static String authorization(String accessKey, String amzDate, String region, String service,
            String signedHeaders, String signature) {
        return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + amzDate.substring(0, 8) + "/" + region + "/"
                + service + "/aws4_request, SignedHeaders=" + signedHeaders + ", Signature=" + signature;
    }

    /** SigV2 signature (base64) of a literal string to sign; {@code algorithm} is HmacSHA256 or HmacSHA1. */
    static String sigV2(String algorithm, String secret, String stringToSign) {
        return Base64.getEncoder().encodeToString(hmac(algorithm, secret.getBytes(StandardCharsets.UTF_8), stringToSign));
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(String algorithm, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
