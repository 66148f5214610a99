package phantom.driver.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import phantom.core.driver.CloudFault;

/**
 * A RunInstances whose connection drops before any answer is sent once, never silently again: the
 * JDK's HttpURLConnection (under the SDK's URL-connection client) re-sends a POST on its own when a
 * kept-alive connection fails, which on a cloud that ignores ClientToken would start a second VM
 * that no check of Phantom's ever saw. The server here keeps the token look-up's connection alive and
 * drops the RunInstances that comes on it, the way a cloud's load balancer drops an idle connection.
 */
class HiddenRetryTest {

    ServerSocket server;
    Thread acceptor;
    final AtomicInteger runInstances = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            while (true) {
                String request = readRequest(in);
                if (request == null) return;
                if (request.contains("Action=RunInstances")) {
                    runInstances.incrementAndGet();
                    return; // drop the connection without an answer
                }
                byte[] body = ("<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                        + "<requestId>r-1</requestId><reservationSet/></DescribeInstancesResponse>").getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " + body.length
                        + "\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** One request's head and body as text, or null at the end of the connection. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            if (head.size() >= 4 && new String(head.toByteArray(), StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) break;
        }
        if (b == -1) return null;
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void a_run_instances_whose_connection_drops_is_sent_once() {
        URI endpoint = URI.create("http://127.0.0.1:" + server.getLocalPort());
        try (Ec2Driver driver = new Ec2Driver(new Ec2SiteOptions("fake", "us-east-1", endpoint,
                Duration.ofSeconds(5), Duration.ofSeconds(10), 0))) {
            assertThatThrownBy(() -> driver.launch(Ec2TransientFaultsTest.SPEC, Ec2TransientFaultsTest.KEYS))
                    .isInstanceOf(CloudFault.class);
        }
        assertThat(connections).as("the RunInstances came on the look-up's kept-alive connection").hasValue(1);
        assertThat(runInstances).as("RunInstances requests that reached the cloud").hasValue(1);
    }
}
