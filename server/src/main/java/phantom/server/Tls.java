package phantom.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Builds Jetty's TLS context from a PEM certificate chain and a PEM PKCS#8 private key. */
final class Tls {
    private Tls() {
    }

    static SslContextFactory.Server contextFactory(PhantomConfig.Tls tls) {
        try {
            Collection<? extends Certificate> chain;
            try (InputStream in = Files.newInputStream(tls.certificate())) {
                chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (chain.isEmpty()) throw new ConfigLoader.ConfigException("tls.certificate " + tls.certificate() + " holds no certificate");
            PrivateKey key = privateKey(Files.readString(tls.privateKey()));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] password = "phantom".toCharArray();
            ks.setKeyEntry("phantom", key, password, chain.toArray(new Certificate[0]));
            SslContextFactory.Server f = new SslContextFactory.Server();
            f.setKeyStore(ks);
            f.setKeyStorePassword("phantom");
            f.setKeyManagerPassword("phantom");
            return f;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigLoader.ConfigException("cannot load TLS certificate/key: " + e.getMessage());
        }
    }

    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        String begin = "-----BEGIN PRIVATE KEY-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf("-----END PRIVATE KEY-----");
        if (b < 0 || e < b) {
            throw new ConfigLoader.ConfigException("tls.private_key must be a PEM PKCS#8 key (-----BEGIN PRIVATE KEY-----); "
                    + "convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm
            }
        }
        throw new ConfigLoader.ConfigException("tls.private_key is not an RSA, EC or Ed25519 PKCS#8 key");
    }
}
