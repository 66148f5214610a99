package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve --self-signed: the certificate/key pair made with keytool, and a real HTTPS handshake that trusts it. */
class SelfSignedTest {
    @TempDir
    static Path dataDir;
    static PhantomConfig.Tls tls;

    @BeforeAll
    static void make() {
        tls = SelfSigned.ensure(dataDir);
    }

    static X509Certificate certificate() throws Exception {
        try (InputStream in = Files.newInputStream(tls.certificate())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void makesPemFilesInTheDataDirectory() throws Exception {
        assertThat(tls.certificate()).isEqualTo(dataDir.resolve("tls/self-signed-cert.pem"));
        assertThat(tls.privateKey()).isEqualTo(dataDir.resolve("tls/self-signed-key.pem"));
        List<String> key = Files.readAllLines(tls.privateKey());
        assertThat(key.get(0)).isEqualTo("-----BEGIN PRIVATE KEY-----");
        assertThat(key.get(key.size() - 1)).isEqualTo("-----END PRIVATE KEY-----");
        assertThat(key.subList(1, key.size() - 2)).allSatisfy(line -> assertThat(line).hasSize(64));
        assertThat(Files.readString(tls.certificate())).startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.privateKey()))).isEqualTo("rw-------");
        try (var left = Files.list(dataDir.resolve("tls"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "self-signed-cert.pem", "self-signed-key.pem");
        }
    }

    @Test
    void certificateIsSelfSignedRsa2048ForLocalhostForTenYears() throws Exception {
        X509Certificate cert = certificate();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        cert.verify(cert.getPublicKey());
        assertThat(((java.security.interfaces.RSAPublicKey) cert.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(cert.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        Duration validity = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
        assertThat(validity.toDays()).isEqualTo(3650);
    }

    @Test
    void privateKeyMatchesTheCertificate() throws Exception {
        PrivateKey key = Tls.privateKey(Files.readString(tls.privateKey()));
        byte[] data = "phantom".getBytes();
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(certificate());
        verifier.update(data);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void keepsAnExistingPairAndRemakesAnIncompleteOne() throws Exception {
        Path other = Files.createTempDirectory(dataDir, "other");
        PhantomConfig.Tls first = SelfSigned.ensure(other);
        String cert = Files.readString(first.certificate());
        String key = Files.readString(first.privateKey());

        PhantomConfig.Tls again = SelfSigned.ensure(other);
        assertThat(Files.readString(again.certificate())).isEqualTo(cert);
        assertThat(Files.readString(again.privateKey())).isEqualTo(key);

        Files.delete(first.privateKey());
        PhantomConfig.Tls remade = SelfSigned.ensure(other);
        assertThat(Files.readString(remade.privateKey())).isNotEqualTo(key);
        assertThat(Files.readString(remade.certificate())).isNotEqualTo(cert);
    }

    @Test
    void serveRefusesSelfSignedWithACertificateOfItsOwn() throws Exception {
        Path dir = Files.createTempDirectory(dataDir, "refused");
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            code = Main.run("serve", "--self-signed", "--tls-cert", tls.certificate().toString(), "--tls-key",
                    tls.privateKey().toString(), "--data-dir", dir.resolve("data").toString());
        } finally {
            System.setErr(err);
        }
        assertThat(code).isEqualTo(2);
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("--self-signed and --tls-cert/--tls-key exclude each other");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void servesHttpsThatAClientTrustingTheCertificateAccepts() throws Exception {
        Path dir = Files.createTempDirectory(dataDir, "https");
        Path config = Files.writeString(dir.resolve("phantom.yaml"), "engine:\n  resync_seconds: 1\n");
        try (PhantomProcess server = new PhantomProcess(config, dir.resolve("data"))) {
            server.start("--tls-cert", tls.certificate().toString(), "--tls-key", tls.privateKey().toString());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("phantom", certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient http = HttpClient.newBuilder().sslContext(ssl).build();
            for (String host : List.of("127.0.0.1", "localhost")) {
                URI uri = URI.create("https://" + host + ":" + server.endpoint().getPort() + "/?Action=DescribeAutoScalingGroups&Version=2011-01-01");
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                // the handshake and host name check passed; the unsigned request is refused by the API
                assertThat(response.statusCode()).isEqualTo(403);
                assertThat(response.body()).contains("<Code>MissingAuthenticationToken</Code>");
            }
            // over TLS the console's session cookie is also Secure
            String keys = server.run("user", "add", "alice");
            String form = "access_key_id=" + RunningPhantom.value(keys, "aws_access_key_id") + "&secret_access_key="
                    + java.net.URLEncoder.encode(RunningPhantom.value(keys, "aws_secret_access_key"), java.nio.charset.StandardCharsets.UTF_8);
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.endpoint().getPort()
                    + "/console/login")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(303);
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
                    .matches("phantom_console=[A-Za-z0-9_-]{43}; Path=/console/; HttpOnly; SameSite=Strict; Secure");
        }
    }
}
