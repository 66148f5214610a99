package phantom.server;

import java.security.SecureRandom;
import java.time.Instant;
import phantom.core.model.User;

/** Makes new users' access keys: an AWS-shaped key id and a 40-character secret. */
final class UserKeys {
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final SecureRandom RANDOM = new SecureRandom();

    private UserKeys() {
    }

    static User newUser(String name, Instant now) {
        return new User(name, "AKPH" + random(KEY_ALPHABET, 16), random(SECRET_ALPHABET, 40), now);
    }

    private static String random(String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        return b.toString();
    }

    /** The user's keys in the AWS credentials-file format. */
    static String credentialsFile(User u) {
        return "[" + u.name() + "]\n"
                + "aws_access_key_id = " + u.accessKeyId() + "\n"
                + "aws_secret_access_key = " + u.secretAccessKey() + "\n";
    }

    static boolean validName(String name) {
        return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9._@+=-]{0,63}");
    }
}
