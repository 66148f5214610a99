package phantom.server;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import phantom.core.driver.CloudCredentials;
import phantom.reconcile.CredentialSource;
import phantom.store.CloudCredentialRows;
import phantom.store.Database;

/** Users' cloud credentials: sealed by the {@link CredentialVault} on the way in, opened for the drivers. */
final class CloudCredentialStore implements CredentialSource {
    private final Database db;
    private final CredentialVault vault;
    private final Clock clock;

    CloudCredentialStore(Database db, CredentialVault vault, Clock clock) {
        this.db = db;
        this.vault = vault;
        this.clock = clock;
    }

    void set(String owner, String site, Map<String, String> values) {
        CloudCredentialRows.Row row = new CloudCredentialRows.Row(owner, site,
                java.util.Base64.getEncoder().encodeToString(vault.seal(owner, site, values)),
                List.copyOf(new java.util.TreeSet<>(values.keySet())), clock.instant());
        db.transaction(tx -> {
            tx.credentials().put(row);
            return null;
        });
    }

    boolean has(String owner, String site) {
        return db.read(tx -> tx.credentials().get(owner, site)).isPresent();
    }

    List<CloudCredentialRows.Row> list() {
        return db.read(tx -> tx.credentials().all());
    }

    boolean remove(String owner, String site) {
        return db.transaction(tx -> tx.credentials().delete(owner, site));
    }

    @Override
    public CloudCredentials credentials(String owner, String site) {
        return db.read(tx -> tx.credentials().get(owner, site))
                .map(r -> new CloudCredentials(vault.open(owner, site, java.util.Base64.getDecoder().decode(r.sealed()))))
                .orElse(CloudCredentials.NONE);
    }
}
