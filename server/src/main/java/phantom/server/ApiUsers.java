package phantom.server;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.core.model.User;
import phantom.store.Database;
import phantom.store.Tx;

/**
 * The API users, whose secret access keys the database keeps sealed by the {@link CredentialVault}
 * (the signature algorithms are HMACs over the secret, so a hash cannot be kept instead). A secret
 * is in plain text only in memory: when the user is made (to show it once) and while a request's
 * signature is checked.
 */
final class ApiUsers {
    private static final Logger log = LoggerFactory.getLogger(ApiUsers.class);

    private final Database db;
    private final CredentialVault vault;

    ApiUsers(Database db, CredentialVault vault) {
        this.db = db;
        this.vault = vault;
    }

    /**
     * Creates a user with new keys and returns it with its plain secret, to be shown once.
     *
     * @throws phantom.store.AlreadyExists when the name is taken
     */
    User add(String name, Instant now) {
        return db.transaction(tx -> insert(tx, name, now));
    }

    /** Creates {@code name} when there are no users at all (the first start); else empty. */
    Optional<User> addFirst(String name, Instant now) {
        return db.transaction(tx -> {
            tx.exclusively("first-user"); // two nodes starting at once on a new database make one admin
            return tx.users().all().isEmpty() ? Optional.of(insert(tx, name, now)) : Optional.<User>empty();
        });
    }

    private User insert(Tx tx, String name, Instant now) {
        User plain = UserKeys.newUser(name, now);
        tx.users().insert(sealed(plain));
        return plain;
    }

    private User sealed(User plain) {
        return new User(plain.name(), plain.accessKeyId(), vault.sealApiSecret(plain.accessKeyId(), plain.secretAccessKey()),
                plain.createdTime());
    }

    /**
     * The user who owns {@code accessKeyId}, with the plain secret the signature is checked with;
     * empty when there is none, or when its stored secret does not open (then the request is
     * refused as from an unknown key, and the log says why).
     */
    Optional<User> byAccessKey(String accessKeyId) {
        return db.read(tx -> tx.users().byAccessKey(accessKeyId)).flatMap(stored -> {
            try {
                return Optional.of(new User(stored.name(), stored.accessKeyId(),
                        vault.openApiSecret(stored.accessKeyId(), stored.secretAccessKey()), stored.createdTime()));
            } catch (GeneralSecurityException e) {
                log.error("the secret of API user '{}' does not open with the credentials key {} ({}); its requests are refused. "
                        + "Servers sharing a database must share the key file; a secret stored in plain text is sealed at the next start",
                        stored.name(), vault.file(), e.getMessage());
                return Optional.empty();
            }
        });
    }

    /**
     * Seals the secrets still stored in plain text (databases from before secrets were sealed) and
     * checks that every sealed one opens with this key, so a server with the wrong key file stops at
     * start-up rather than refusing its users one request at a time.
     *
     * @return the names of the users whose secret was sealed now
     * @throws ConfigLoader.ConfigException when some secrets were sealed under another key
     */
    List<String> sealPlainSecrets() {
        List<String> sealedNow = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        db.transaction(tx -> {
            sealedNow.clear();
            foreign.clear();
            for (User u : tx.users().all()) {
                if (!CredentialVault.isSealed(u.secretAccessKey())) {
                    String sealed = vault.sealApiSecret(u.accessKeyId(), u.secretAccessKey());
                    if (tx.users().replaceSecret(u.name(), u.secretAccessKey(), sealed)) sealedNow.add(u.name());
                } else {
                    try {
                        vault.openApiSecret(u.accessKeyId(), u.secretAccessKey());
                    } catch (GeneralSecurityException e) {
                        foreign.add(u.name());
                    }
                }
            }
            // thrown inside the transaction, so that it rolls back: nothing is sealed under a stray key
            if (!foreign.isEmpty()) {
                throw new ConfigLoader.ConfigException("the API secrets of " + foreign.size() + " user(s) (" + String.join(", ", foreign)
                        + ") do not open with the credentials key " + vault.file() + ": was it replaced? Servers and commands that "
                        + "share a database must use the same key file (credentials_key_file)");
            }
            return null;
        });
        // the plain text the rows held must not linger in the embedded file's WAL (free pages are zeroed: secure_delete)
        if (!sealedNow.isEmpty()) db.compact();
        return sealedNow;
    }
}
