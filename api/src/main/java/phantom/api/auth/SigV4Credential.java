package phantom.api.auth;

/**
 * The {@code Credential} of a SigV4 signature: {@code AKID/yyyyMMdd/region/service/aws4_request}.
 * Any region and any service verify (boto 2 derives them from the host name, e.g. {@code 0/127}
 * for {@code 127.0.0.1}); the signing key is derived from whatever the client sent. The endpoint then
 * holds the service to the call's dialect: {@code ec2} for the EC2 calls only ({@link phantom.api.Dialect}).
 */
record SigV4Credential(String accessKeyId, String date, String region, String service) {
    static final String TERMINATOR = "aws4_request";

    String scope() {
        return date + "/" + region + "/" + service + "/" + TERMINATOR;
    }

    /** @throws AuthFailure {@code IncompleteSignature} naming what is wrong with the value */
    static SigV4Credential parse(String value) throws AuthFailure {
        String[] parts = value.split("/", -1);
        if (parts.length != 5 || parts[0].isEmpty()) {
            throw AuthFailure.incompleteSignature("Credential '" + AuthFailure.echo(value) + "' must have the form"
                    + " <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request.");
        }
        if (!isEightDigits(parts[1])) {
            throw AuthFailure.incompleteSignature("Credential should be scoped to a valid date (yyyyMMdd), not '"
                    + AuthFailure.echo(parts[1]) + "'.");
        }
        if (parts[2].isEmpty()) {
            throw AuthFailure.incompleteSignature("Credential should be scoped to a valid region, not ''.");
        }
        if (parts[3].isEmpty()) {
            throw AuthFailure.incompleteSignature("Credential should be scoped to a valid service, not ''.");
        }
        if (!parts[4].equals(TERMINATOR)) {
            throw AuthFailure.incompleteSignature("Credential should be scoped with a valid terminator: 'aws4_request',"
                    + " not '" + AuthFailure.echo(parts[4]) + "'.");
        }
        return new SigV4Credential(parts[0], parts[1], parts[2], parts[3]);
    }

    private static boolean isEightDigits(String s) {
        return s.length() == 8 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
