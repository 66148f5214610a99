package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.model.User;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/**
 * A few hundred slow clients against a live server (a separate process): each declares a 100 kB
 * form body and sends it one byte every 5 s, and some send no body at all. Other users must keep
 * getting answers while that goes on, and the server must cut the slow bodies off after its body
 * deadline (20 s by default) rather than wait for them forever. Prints the latency other users saw;
 * docs/performance.md ("Slow clients") has the figure.
 */
class SlowClientsTest {
    static final int TRICKLING = 300;
    static final int STALLED = 20;
    static final Duration BYTE_EVERY = Duration.ofSeconds(5);
    /** The default body deadline, docs/configuration.md "http". */
    static final Duration BODY_TIMEOUT = Duration.ofSeconds(Math.round(PhantomConfig.Http.DEFAULT.bodyTimeoutSeconds()));

    @TempDir
    Path dir;

    /** One slow connection: when and how the server ended it. */
    static final class Slow {
        volatile long endedNanos;
        volatile String firstLine = "";
    }

    @Test
    void hundreds_of_slow_bodies_neither_stop_other_users_nor_stay_open_past_the_body_deadline() throws Exception {
        Path config = Files.writeString(dir.resolve("phantom.yaml"), """
                sites:
                  hotel:
                    driver: sim
                """);
        Path data = Files.createDirectories(dir.resolve("data"));
        try (PhantomProcess phantom = new PhantomProcess(config, data)) {
            phantom.start();
            String keys = phantom.run("user", "add", "alice");
            User user = new User("alice", RunningPhantom.value(keys, "aws_access_key_id"),
                    RunningPhantom.value(keys, "aws_secret_access_key"), null);
            AutoScalingClient alice = client(phantom.endpoint(), user.accessKeyId(), user.secretAccessKey());
            alice.describeAutoScalingGroups(); // warm up the server's and the client's code paths
            byte[] describe = "Action=DescribeAutoScalingGroups&Version=2011-01-01".getBytes(StandardCharsets.UTF_8);

            List<Slow> slow = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch connected = new CountDownLatch(TRICKLING + STALLED);
            long attackStart = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < TRICKLING + STALLED; i++) {
                boolean trickle = i < TRICKLING;
                Slow s = new Slow();
                slow.add(s);
                threads.add(Thread.ofVirtual().start(() -> slowClient(phantom.endpoint(), trickle, s, connected)));
            }
            assertThat(connected.await(60, TimeUnit.SECONDS)).as("all slow clients connected").isTrue();

            // other users, while the slow bodies hold their connections and until well past the deadline: the
            // SDK on its kept-alive connection, and a new connection each time (a user who comes along now)
            List<Long> latenciesMs = new ArrayList<>();
            long until = attackStart + BODY_TIMEOUT.plusSeconds(5).toNanos();
            for (int call = 0; System.nanoTime() < until; call++) {
                long t0 = System.nanoTime();
                if (call % 2 == 0) {
                    alice.describeAutoScalingGroups();
                } else {
                    SignedHttp.Reply r = new SignedHttp(phantom.endpoint(), user).post(describe);
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                }
                latenciesMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                Thread.sleep(200);
            }
            List<Long> sorted = latenciesMs.stream().sorted().toList();
            System.out.printf("SlowClientsTest: %d calls by another user under %d trickling + %d stalled connections: "
                            + "median %d ms, p99 %d ms, max %d ms%n", sorted.size(), TRICKLING, STALLED,
                    sorted.get(sorted.size() / 2), sorted.get((int) Math.floor(sorted.size() * 0.99)), sorted.get(sorted.size() - 1));

            long joinBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (Thread t : threads) t.join(Duration.ofNanos(Math.max(1, joinBy - System.nanoTime())));
            long stillOpen = slow.stream().filter(s -> s.endedNanos == 0).count();
            assertThat(stillOpen).as("slow connections the server had not ended 30 s after the body deadline").isZero();
            long lastEnded = slow.stream().mapToLong(s -> s.endedNanos).max().orElseThrow();
            Duration held = Duration.ofNanos(lastEnded - attackStart);
            System.out.printf("SlowClientsTest: the server ended the last slow connection %.1f s after the attack began "
                    + "(body deadline %d s); answers: %s%n", held.toMillis() / 1000.0, BODY_TIMEOUT.toSeconds(),
                    slow.stream().map(s -> s.firstLine.isEmpty() ? "(closed)" : s.firstLine).distinct().toList());
            // cut off by the deadline, not by the bodies ending: 100 kB at one byte every 5 s would take days
            assertThat(held).isLessThan(BODY_TIMEOUT.plusSeconds(25));
            assertThat(slow).allSatisfy(s -> assertThat(s.firstLine).isIn("", "HTTP/1.1 408 Request Timeout"));
        }
    }

    /** Sends the headers of a 100 kB form POST, then (if {@code trickle}) one byte every 5 s, until the server ends it. */
    static void slowClient(URI endpoint, boolean trickle, Slow s, CountDownLatch connected) {
        boolean counted = false;
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort()
                    + "\r\nContent-Type: application/x-www-form-urlencoded; charset=utf-8\r\nContent-Length: 100000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            counted = true;
            connected.countDown();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    InputStream in = socket.getInputStream();
                    StringBuilder line = new StringBuilder();
                    for (int c; (c = in.read()) >= 0 && c != '\r'; ) line.append((char) c);
                    s.firstLine = line.toString();
                } catch (IOException reset) {
                    // the server closed it
                }
                s.endedNanos = System.nanoTime();
            });
            while (trickle && s.endedNanos == 0 && !reader.join(BYTE_EVERY)) {
                try {
                    out.write('A');
                    out.flush();
                } catch (IOException closed) {
                    break;
                }
            }
            reader.join(Duration.ofSeconds(90));
        } catch (IOException | InterruptedException e) {
            if (!counted) connected.countDown();
            if (s.endedNanos == 0) s.endedNanos = System.nanoTime();
        }
    }

    static AutoScalingClient client(URI endpoint, String key, String secret) {
        return AutoScalingClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }
}
