package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.core.model.User;

/**
 * The body deadline from the config (here 1.5 s, idle timeout 60 s) cuts off a body that trickles
 * or stalls with an AWS-style 408, while a complete request on the same server is answered.
 */
class RequestDeadlineTest {
    @TempDir
    java.nio.file.Path dir;
    PhantomServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    static String exchange(Socket s, String head, int trickleBytes) throws Exception {
        s.setSoTimeout(30_000); // far beyond the deadline: the server, not this timeout, must end it
        OutputStream out = s.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        try {
            for (int i = 0; i < trickleBytes && in.available() == 0; i++) {
                out.write('A');
                out.flush();
                Thread.sleep(300); // a client slower than the deadline allows: 100 bytes would take 30 s
            }
        } catch (java.io.IOException closedMeanwhile) {
            // the server answered and closed between two bytes; its answer is still to be read
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void trickling_and_stalled_bodies_get_408_request_timeout_and_are_closed() throws Exception {
        PhantomConfig config = RunningPhantom.config(dir, Map.of("hotel", RunningPhantom.sim("hotel", Map.of())))
                .withHttp(new PhantomConfig.Http(60, 1.5));
        server = PhantomServer.start(config, Clock.systemUTC());
        String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 100\r\n\r\n";
        for (int trickle : new int[] {100, 0}) {
            long t0 = System.nanoTime();
            String answer;
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                answer = exchange(s, head, trickle);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(answer).as("trickle " + trickle).startsWith("HTTP/1.1 408 ").contains("Connection: close")
                    .contains("<Code>RequestTimeout</Code>").contains("<Type>Sender</Type>");
            assertThat(seconds).as("ended by the 1.5 s deadline, not the 60 s idle timeout or the 30 s of trickling").isLessThan(20);
        }
        User alice = server.users().add("alice", Clock.systemUTC().instant());
        SignedHttp.Reply ok = new SignedHttp(server.endpoint(), alice)
                .post("Action=DescribeAutoScalingGroups&Version=2011-01-01".getBytes(StandardCharsets.UTF_8));
        assertThat(ok.status()).isEqualTo(200);
    }

    @Test
    void a_body_with_broken_chunk_framing_is_a_400_not_a_time_out() throws Exception {
        PhantomConfig config = RunningPhantom.config(dir, Map.of("hotel", RunningPhantom.sim("hotel", Map.of())))
                .withHttp(new PhantomConfig.Http(60, 10));
        server = PhantomServer.start(config, Clock.systemUTC());
        String request = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nZZ\r\nAction=x\r\n0\r\n\r\n";
        String answer;
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            answer = exchange(s, request, 0);
        }
        assertThat(answer).startsWith("HTTP/1.1 400 ").doesNotContain("RequestTimeout");
    }
}
