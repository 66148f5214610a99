package phantom.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts users' cloud credentials at rest with AES-256-GCM under a key the operator controls (a
 * 32-byte key file, created with mode 0600 on first use). Each sealed value is bound to its user
 * and site (they are the GCM associated data), so a row copied to another user or site does not
 * decrypt. Losing the key file loses the credentials, not the groups: set them again.
 */
final class CredentialVault {
    private static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private CredentialVault(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Opens the key file, creating it (readable by the owner only) when it does not exist. */
    static CredentialVault open(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) create(keyFile);
            byte[] raw = Base64.getDecoder().decode(Files.readString(keyFile).strip());
            if (raw.length != 32) throw new ConfigLoader.ConfigException("credentials key file " + keyFile + " must hold 32 bytes, base64");
            return new CredentialVault(raw);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigLoader.ConfigException("cannot read the credentials key file " + keyFile + ": " + e.getMessage());
        }
    }

    private static void create(Path keyFile) throws IOException {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        Files.createDirectories(keyFile.toAbsolutePath().getParent());
        try {
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(keyFile);
        } catch (FileAlreadyExistsException e) {
            return; // another process made it first
        }
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(raw) + "\n");
    }

    byte[] seal(String owner, String site, Map<String, String> values) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            c.updateAAD(aad(owner, site));
            byte[] sealed = c.doFinal(encode(values));
            return ByteBuffer.allocate(1 + IV_BYTES + sealed.length).put(VERSION).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    Map<String, String> open(String owner, String site, byte[] sealed) {
        try {
            if (sealed.length < 1 + IV_BYTES + 16 || sealed[0] != VERSION) throw new GeneralSecurityException("bad format");
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 1, IV_BYTES));
            c.updateAAD(aad(owner, site));
            return decode(c.doFinal(sealed, 1 + IV_BYTES, sealed.length - 1 - IV_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored credentials of " + owner + " for site " + site
                    + " do not decrypt with this credentials key (was the key file replaced?)");
        }
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
