package phantom.driver.ec2;

import java.util.ArrayList;
import java.util.List;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** One user's EC2 keys for a site. {@link #toString()} shows only the access key id, never a secret. */
record AwsKeys(String accessKeyId, String secretAccessKey, String sessionToken) {

    static final String ACCESS_KEY_ID = "access_key_id";
    static final String SECRET_ACCESS_KEY = "secret_access_key";
    static final String SESSION_TOKEN = "session_token";
    static final List<String> REQUIRED = List.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    static final java.util.Set<String> NAMES = java.util.Set.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN);

    /** @throws CloudFault CONFIG {@code MissingCredentials} naming what is missing (never the values) */
    static AwsKeys from(String site, CloudCredentials credentials) throws CloudFault {
        List<String> missing = new ArrayList<>();
        for (String name : REQUIRED) {
            String value = credentials == null ? null : credentials.get(name);
            if (value == null || value.isBlank()) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new CloudFault(FaultClass.CONFIG, "MissingCredentials",
                    "site " + site + " needs the credentials " + REQUIRED + "; missing " + missing);
        }
        String session = credentials.get(SESSION_TOKEN);
        return new AwsKeys(credentials.get(ACCESS_KEY_ID).trim(), credentials.get(SECRET_ACCESS_KEY).trim(),
                session == null || session.isBlank() ? null : session.trim());
    }

    AwsCredentials toSdk() {
        return sessionToken == null
                ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
                : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken);
    }

    @Override
    public String toString() {
        return "AwsKeys[" + accessKeyId + (sessionToken == null ? "" : ", with session token") + "]";
    }
}
