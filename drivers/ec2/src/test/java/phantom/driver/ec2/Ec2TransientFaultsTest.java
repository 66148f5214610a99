package phantom.driver.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchSpec;

/**
 * Errors moto cannot produce (capacity, quotas, throttling, 5xx, a silent server), served by a small
 * HTTP server that speaks just enough of EC2: DescribeInstances finds nothing, every other action
 * gets the error under test. The driver and the SDK are the real ones.
 */
class Ec2TransientFaultsTest {

    static final CloudCredentials KEYS = new CloudCredentials(
            Map.of(AwsKeys.ACCESS_KEY_ID, "AKID", AwsKeys.SECRET_ACCESS_KEY, "secret"));
    static final LaunchSpec SPEC = new LaunchSpec("ph-1", "g", "alice", "web", "ami-12c6146b", "m1.small",
            null, List.of(), null, Map.of(LaunchSpec.TAG_TOKEN, "ph-1"));

    HttpServer server;
    ExecutorService pool;
    final AtomicInteger failedCalls = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    volatile int status;
    volatile String body;
    volatile boolean silent;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pool = Executors.newCachedThreadPool();
        server.setExecutor(pool);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        pool.shutdownNow();
    }

    private void answer(HttpExchange x) throws IOException {
        String form = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (form.contains("Action=DescribeInstances")) {
            reply(x, 200, "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                    + "<requestId>r-1</requestId><reservationSet/></DescribeInstancesResponse>");
            return;
        }
        failedCalls.incrementAndGet();
        if (silent) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.close();
            return;
        }
        reply(x, status, body);
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "text/xml");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    private static String ec2Error(String code) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" + code
                + "</Code><Message>the cloud says " + code + "</Message></Error></Errors><RequestID>r-2</RequestID></Response>";
    }

    private Ec2Driver driver(URI endpoint, int requestTimeoutSeconds, int maxRetries) {
        return new Ec2Driver(new Ec2SiteOptions("fake", "us-east-1", endpoint,
                Duration.ofSeconds(5), Duration.ofSeconds(requestTimeoutSeconds), maxRetries));
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @ParameterizedTest
    @CsvSource({
            "500, InsufficientInstanceCapacity, CAPACITY",
            "400, InstanceLimitExceeded, QUOTA",
            "400, VcpuLimitExceeded, QUOTA",
            "400, InvalidAMIID.NotFound, CONFIG",
            "403, UnauthorizedOperation, CONFIG",
            "503, RequestLimitExceeded, TRANSIENT",
            "503, Unavailable, TRANSIENT",
            "500, InternalError, TRANSIENT",
    })
    void an_ec2_error_on_the_wire_becomes_its_fault_class(int httpStatus, String code, FaultClass expected) {
        status = httpStatus;
        body = ec2Error(code);
        try (Ec2Driver driver = driver(endpoint(), 30, 0)) {
            assertThatThrownBy(() -> driver.launch(SPEC, KEYS)).isInstanceOfSatisfying(CloudFault.class, f -> {
                assertThat(f.faultClass()).isEqualTo(expected);
                assertThat(f.code()).isEqualTo(code);
                assertThat(f.getMessage()).contains("site fake, RunInstances: the cloud says " + code);
            });
        }
    }

    @Test
    void an_error_in_the_error_response_format_of_ec2_compatible_clouds_is_read_too() {
        status = 400;
        body = "<?xml version=\"1.0\"?><ErrorResponse><Errors><Error><Code>InstanceLimitExceeded</Code>"
                + "<Message>only 2 &apos;instances&apos; allowed</Message><Type>Sender</Type></Error></Errors></ErrorResponse>";
        try (Ec2Driver driver = driver(endpoint(), 30, 0)) {
            assertThatThrownBy(() -> driver.launch(SPEC, KEYS)).isInstanceOfSatisfying(CloudFault.class, f -> {
                assertThat(f.faultClass()).isEqualTo(FaultClass.QUOTA);
                assertThat(f.code()).isEqualTo("InstanceLimitExceeded");
                assertThat(f.getMessage()).endsWith("only 2 'instances' allowed");
            });
        }
    }

    @Test
    void a_5xx_without_an_ec2_error_body_is_transient() {
        status = 502;
        body = "<html><body>Bad Gateway</body></html>";
        try (Ec2Driver driver = driver(endpoint(), 30, 0)) {
            assertThatThrownBy(() -> driver.terminate("i-1", KEYS)).isInstanceOfSatisfying(CloudFault.class,
                    f -> assertThat(f.faultClass()).isEqualTo(FaultClass.TRANSIENT));
        }
    }

    @Test
    void the_sdk_retries_a_5xx_max_retries_times_before_the_fault() {
        status = 500;
        body = ec2Error("InternalError");
        try (Ec2Driver driver = driver(endpoint(), 30, 2)) {
            assertThatThrownBy(() -> driver.terminate("i-1", KEYS)).isInstanceOf(CloudFault.class);
        }
        assertThat(failedCalls).hasValue(3);
    }

    @Test
    void a_retry_of_run_instances_is_not_sent_once_the_launch_guard_refuses() {
        // The first attempt fails with a 5xx the SDK retries; meanwhile the node's lease lapsed (the
        // guard says no from the second ask on). The retry must not reach the cloud.
        status = 500;
        body = ec2Error("InternalError");
        AtomicInteger asked = new AtomicInteger();
        phantom.core.driver.LaunchGuard lapsesAfterTheFirstAttempt = () -> {
            if (asked.incrementAndGet() > 1) throw new phantom.core.driver.LaunchGuard.Refused("the lease lapsed");
        };
        try (Ec2Driver driver = driver(endpoint(), 30, 2)) {
            assertThatThrownBy(() -> driver.launch(SPEC, KEYS, lapsesAfterTheFirstAttempt))
                    .isInstanceOf(phantom.core.driver.LaunchGuard.Refused.class).hasMessage("the lease lapsed");
        }
        assertThat(failedCalls).as("RunInstances requests that reached the cloud").hasValue(1);
        assertThat(asked).as("asked before the first attempt and before the retry").hasValue(2);
    }

    @Test
    void the_launch_guard_is_asked_before_every_attempt_of_run_instances() {
        status = 500;
        body = ec2Error("InternalError");
        AtomicInteger asked = new AtomicInteger();
        try (Ec2Driver driver = driver(endpoint(), 30, 2)) {
            assertThatThrownBy(() -> driver.launch(SPEC, KEYS, asked::incrementAndGet)).isInstanceOf(CloudFault.class);
        }
        assertThat(failedCalls).hasValue(3);
        assertThat(asked).hasValue(3);
    }

    @Test
    void a_client_error_is_not_retried_by_the_sdk() {
        status = 400;
        body = ec2Error("InvalidAMIID.NotFound");
        try (Ec2Driver driver = driver(endpoint(), 30, 2)) {
            assertThatThrownBy(() -> driver.launch(SPEC, KEYS)).isInstanceOf(CloudFault.class);
        }
        assertThat(failedCalls).hasValue(1);
    }

    @Test
    void a_server_that_does_not_answer_is_a_transient_timeout() {
        silent = true;
        try (Ec2Driver driver = driver(endpoint(), 1, 0)) {
            assertThatThrownBy(() -> driver.terminate("i-1", KEYS)).isInstanceOfSatisfying(CloudFault.class, f -> {
                assertThat(f.faultClass()).isEqualTo(FaultClass.TRANSIENT);
                assertThat(f.code()).isEqualTo("Timeout");
            });
        }
    }

    @Test
    void a_refused_connection_is_transient() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (Ec2Driver driver = driver(URI.create("http://127.0.0.1:" + closedPort), 30, 0)) {
            assertThatThrownBy(() -> driver.list(KEYS)).isInstanceOfSatisfying(CloudFault.class, f -> {
                assertThat(f.faultClass()).isEqualTo(FaultClass.TRANSIENT);
                assertThat(f.code()).isEqualTo("ConnectionRefused");
                assertThat(f.getMessage()).contains("site fake, DescribeInstances");
            });
        }
    }
}
