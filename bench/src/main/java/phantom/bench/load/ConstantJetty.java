package phantom.bench.load;

import java.net.URI;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The ceiling: the same Jetty as Phantom's (one version, from the parent pom), set up as Phantom
 * sets it up (virtual threads for handlers, the same HTTP configuration), answering every request
 * with the same bytes and doing nothing else. Runs in the benchmark's JVM on a free loopback port.
 */
final class ConstantJetty implements AutoCloseable {
    private final Server jetty;
    private final ServerConnector connector;

    ConstantJetty(byte[] body, String contentType) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("constant-http");
        threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("constant-"));
        jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ByteBuffer bytes = ByteBuffer.wrap(body).asReadOnlyBuffer();
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, bytes.slice(), callback);
                return true;
            }
        });
        jetty.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
