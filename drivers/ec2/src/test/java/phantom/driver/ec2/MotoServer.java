package phantom.driver.ec2;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * moto's server (a fake AWS, {@code pip install 'moto[server]'}) as a child process on a free
 * loopback port, for one test class: {@code @RegisterExtension static final MotoServer moto = ...}.
 * Looks for {@code moto_server} on the PATH, then {@code python3 -m moto.server}. When neither is
 * there the class fails if {@code CI=true} and is skipped otherwise.
 */
public final class MotoServer implements BeforeAllCallback, AfterAllCallback {

    static final String MISSING = "moto_server not found: install moto (pip install 'moto[server]')";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> environment;
    private Process process;
    private Path log;
    private URI endpoint;

    private MotoServer(Map<String, String> environment) {
        this.environment = environment;
    }

    /** moto checking what real EC2 checks: AMI ids, key pairs and instance types must exist. */
    public static MotoServer validating() {
        return new MotoServer(Map.of(
                "MOTO_ENABLE_AMI_VALIDATION", "true",
                "MOTO_ENABLE_KEYPAIR_VALIDATION", "true",
                "MOTO_EC2_ENABLE_INSTANCE_TYPE_VALIDATION", "true"));
    }

    /** moto authenticating every request against its (empty) IAM: every key is refused with AuthFailure. */
    static MotoServer refusingAllKeys() {
        return new MotoServer(Map.of("INITIAL_NO_AUTH_ACTION_COUNT", "0"));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A plain SDK client on this server, for setting up and checking what the driver did. */
    public Ec2Client client() {
        return Ec2Client.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        List<String> command = command();
        if (command == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(MISSING);
            }
            Assumptions.abort(MISSING);
        }
        int port = freePort();
        command.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
        log = Files.createTempFile("moto-" + port + "-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        process = pb.start();
        endpoint = URI.create("http://127.0.0.1:" + port);
        awaitAnswer();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }

    private void awaitAnswer() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest ping = HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset-auth"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                http.send(ping, HttpResponse.BodyHandlers.discarding());
                return; // any HTTP answer means it is serving
            } catch (IOException notYet) {
                Thread.sleep(50); // polling interval while the server starts
            }
        }
        afterAll(null);
        throw new IllegalStateException("moto did not answer on " + endpoint + " within " + START_TIMEOUT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The command that starts moto, or null when it is not installed. */
    private static List<String> command() throws InterruptedException {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File f = new File(dir, "moto_server");
                if (f.isFile() && f.canExecute()) {
                    return new ArrayList<>(List.of(f.getPath()));
                }
            }
        }
        for (String python : List.of("python3", "python")) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import moto.server")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return new ArrayList<>(List.of(python, "-m", "moto.server"));
                }
                p.destroyForcibly();
            } catch (IOException notThere) {
                // try the next one
            }
        }
        return null;
    }
}
