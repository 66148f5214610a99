package phantom.core.model;

import java.time.Instant;

/** An API user: the access key pair that signs requests. Resources belong to {@link #name()}. */
public record User(String name, String accessKeyId, String secretAccessKey, Instant createdTime) {
    @Override
    public String toString() {
        return "User[" + name + ", " + accessKeyId + "]"; // never print the secret
    }
}
