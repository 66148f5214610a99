package phantom.api.auth;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** SigV4's string to sign, signing-key chain and final HMAC. */
final class SigV4Signature {
    private SigV4Signature() {
    }

    static String stringToSign(RequestTime time, SigV4Credential credential, CanonicalRequest request) {
        return AuthorizationHeader.ALGORITHM + "\n" + time.basic() + "\n" + credential.scope() + "\n"
                + Digests.sha256Hex(request.text().getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC chain {@code "AWS4"+secret -> date -> region -> service -> "aws4_request"}, over the client's own scope. */
    static byte[] signingKey(String secret, SigV4Credential credential) {
        byte[] key = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
        for (String step : new String[] {credential.date(), credential.region(), credential.service(),
                SigV4Credential.TERMINATOR}) {
            key = Digests.hmac(Digests.HMAC_SHA256, key, step.getBytes(StandardCharsets.UTF_8));
        }
        return key;
    }

    /** @return the lower-case hex signature */
    static String sign(byte[] signingKey, String stringToSign) {
        return HexFormat.of().formatHex(
                Digests.hmac(Digests.HMAC_SHA256, signingKey, stringToSign.getBytes(StandardCharsets.UTF_8)));
    }
}
