package phantom.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest with AES-256-GCM under a key the operator controls (a 32-byte key file,
 * created with mode 0600 on first use): users' cloud credentials, and the API users' secret access
 * keys (see {@link ApiUsers}), so a copy of the database alone reveals neither. Each sealed value is
 * bound to its row (user and site, or access key id, are the GCM associated data), so a value copied
 * to another row does not decrypt. Losing the key file loses the credentials, not the groups: set
 * them again, and give the API users new keys. Servers that share one database must share the key
 * file.
 */
final class CredentialVault {
    private static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The marker of a sealed API secret in the users table. */
    static final String SEALED_SECRET = "sealed:v1:";

    private final SecretKeySpec key;
    private final Path file;

    private CredentialVault(byte[] key, Path file) {
        this.key = new SecretKeySpec(key, "AES");
        this.file = file;
    }

    /** The key file, for messages. */
    Path file() {
        return file;
    }

    /** Opens the key file, creating it (readable by the owner only) when it does not exist. */
    static CredentialVault open(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) create(keyFile);
            byte[] raw = Base64.getDecoder().decode(Files.readString(keyFile).strip());
            if (raw.length != 32) throw new ConfigLoader.ConfigException("credentials key file " + keyFile + " must hold 32 bytes, base64");
            return new CredentialVault(raw, keyFile);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigLoader.ConfigException("cannot read the credentials key file " + keyFile + ": " + e.getMessage());
        }
    }

    /**
     * Writes a new key to a temporary owner-only file and links it into place, so another process
     * opening the key at the same moment sees no file or the whole key, never an empty one.
     */
    private static void create(Path keyFile) throws IOException {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        Path dir = keyFile.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) DataDir.secure(dir);
        Path tmp = Files.createTempFile(dir, keyFile.getFileName().toString(), ".tmp", DataDir.privateFile());
        try {
            // on disk before it is in place: secrets sealed under it survive a power loss, so must the key
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap((Base64.getEncoder().encodeToString(raw) + "\n").getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            try {
                Files.createLink(keyFile, tmp);
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException noHardLinks) {
                if (noHardLinks instanceof FileAlreadyExistsException taken) throw taken;
                if (!Files.exists(keyFile)) Files.move(tmp, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            try (java.nio.channels.FileChannel d = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
                d.force(true); // the directory entry too
            } catch (IOException directoriesCannotBeSynced) {
                // some file systems refuse it; the key file itself is synced
            }
        } catch (FileAlreadyExistsException e) {
            // another process made it first: use theirs
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    byte[] seal(String owner, String site, Map<String, String> values) {
        return seal(aad(owner, site), encode(values));
    }

    Map<String, String> open(String owner, String site, byte[] sealed) {
        try {
            return decode(open(aad(owner, site), sealed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored credentials of " + owner + " for site " + site
                    + " do not decrypt with this credentials key (was the key file replaced?)");
        }
    }

    /**
     * An API user's secret as the users table keeps it: {@value #SEALED_SECRET} and the sealed
     * bytes in base64, bound to the access key id (so a secret copied to another row does not open).
     */
    String sealApiSecret(String accessKeyId, String secret) {
        return SEALED_SECRET + Base64.getEncoder().encodeToString(seal(apiAad(accessKeyId), secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** @throws GeneralSecurityException when {@code stored} is not sealed, or not with this key for this key id */
    String openApiSecret(String accessKeyId, String stored) throws GeneralSecurityException {
        if (!isSealed(stored)) throw new GeneralSecurityException("not sealed");
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(stored.substring(SEALED_SECRET.length()));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not base64", e);
        }
        return new String(open(apiAad(accessKeyId), sealed), StandardCharsets.UTF_8);
    }

    /** True for a value {@link #sealApiSecret} made; plain secrets (40 characters of A-Za-z0-9+/) never start with it. */
    static boolean isSealed(String stored) {
        return stored.startsWith(SEALED_SECRET);
    }

    private byte[] seal(byte[] aad, byte[] plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            c.updateAAD(aad);
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(1 + IV_BYTES + sealed.length).put(VERSION).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private byte[] open(byte[] aad, byte[] sealed) throws GeneralSecurityException {
        if (sealed.length < 1 + IV_BYTES + 16 || sealed[0] != VERSION) throw new GeneralSecurityException("bad format");
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 1, IV_BYTES));
        c.updateAAD(aad);
        return c.doFinal(sealed, 1 + IV_BYTES, sealed.length - 1 - IV_BYTES);
    }

    /** '#' cannot start a user name, so this never equals a cloud credential's associated data. */
    private static byte[] apiAad(String accessKeyId) {
        return ("#api-secret\u0000" + accessKeyId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] aad(String owner, String site) {
        return (owner + "\u0000" + site).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] encode(Map<String, String> values) {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(Base64.getEncoder().encodeToString(k.getBytes(StandardCharsets.UTF_8))).append(' ')
                .append(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))).append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> decode(byte[] plain) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : new String(plain, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) continue;
            String[] kv = line.split(" ", 2);
            out.put(new String(Base64.getDecoder().decode(kv[0]), StandardCharsets.UTF_8),
                    new String(Base64.getDecoder().decode(kv[1]), StandardCharsets.UTF_8));
        }
        return out;
    }
}
