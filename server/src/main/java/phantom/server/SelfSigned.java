package phantom.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The development certificate of {@code serve --self-signed}: a self-signed RSA 2048 certificate
 * for CN=localhost (SAN dns:localhost, ip:127.0.0.1, valid 10 years) and its key, kept as PEM files
 * in {@code <dataDir>/tls/} and made once, with the running JDK's {@code keytool}, when either is
 * missing.
 */
final class SelfSigned {
    static final String CERTIFICATE = "self-signed-cert.pem";
    static final String PRIVATE_KEY = "self-signed-key.pem";
    private static final String ALIAS = "phantom";
    private static final char[] STORE_PASSWORD = "phantom-self-signed".toCharArray();

    private SelfSigned() {
    }

    /** The certificate and key in {@code dataDir/tls}, made first if either file is missing. */
    static PhantomConfig.Tls ensure(Path dataDir) {
        Path dir = dataDir.resolve("tls");
        PhantomConfig.Tls tls = new PhantomConfig.Tls(dir.resolve(CERTIFICATE), dir.resolve(PRIVATE_KEY));
        if (Files.isRegularFile(tls.certificate()) && Files.isRegularFile(tls.privateKey())) return tls;
        try {
            DataDir.secure(dir);
            Path store = Files.createTempFile(dir, "self-signed", ".p12");
            try {
                Files.delete(store); // keytool refuses to load an empty file as a keystore
                keytool(store);
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(store)) {
                    ks.load(in, STORE_PASSWORD);
                }
                Key key = ks.getKey(ALIAS, STORE_PASSWORD);
                Certificate cert = ks.getCertificate(ALIAS);
                if (!(key instanceof PrivateKey) || cert == null) {
                    throw new ConfigLoader.ConfigException("keytool made no key pair in " + store);
                }
                DataDir.writePrivate(tls.privateKey(), pem("PRIVATE KEY", key.getEncoded()));
                DataDir.writePrivate(tls.certificate(), pem("CERTIFICATE", cert.getEncoded())); // owner-only like all of DATA_DIR
            } finally {
                Files.deleteIfExists(store);
            }
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigLoader.ConfigException("cannot make a self-signed certificate in " + dir + ": " + e.getMessage());
        }
    }

    private static void keytool(Path store) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new ConfigLoader.ConfigException("--self-signed needs the JDK's keytool, not found at " + keytool
                    + "; run Phantom on a full JDK or pass --tls-cert and --tls-key");
        }
        List<String> cmd = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-noprompt",
                "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(STORE_PASSWORD), "-keypass", new String(STORE_PASSWORD)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ConfigLoader.ConfigException("keytool did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ConfigLoader.ConfigException("interrupted while keytool made the self-signed certificate");
        }
        if (p.exitValue() != 0) {
            throw new ConfigLoader.ConfigException("keytool failed (exit " + p.exitValue() + "): " + output);
        }
    }

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
