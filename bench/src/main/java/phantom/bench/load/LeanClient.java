package phantom.bench.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A load client lean enough not to be the bottleneck: each connection is one platform thread with
 * one socket that sends the same pre-built request bytes and reads the answer (Content-Length or
 * chunked bodies, read into a reused buffer), on HTTP/1.1 keep-alive; a server that closes the
 * connection gets a new one. Nothing is parsed beyond the status line and the framing headers.
 */
final class LeanClient {

    /** What one run of {@link #hammer} measured. */
    record Run(long answered, long failed, Duration elapsed) {
        double perSecond() {
            return answered / (elapsed.toNanos() / 1e9);
        }
    }

    /** One answer: its status and body. */
    record Answer(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private LeanClient() {
    }

    /** Sends the request once on a new connection and returns the answer. */
    static Answer once(URI endpoint, byte[] request) throws IOException {
        try (Connection c = new Connection(endpoint)) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int status = c.exchange(request, body);
            return new Answer(status, body.toByteArray());
        }
    }

    /**
     * Sends the request over {@code connections} connections, each as fast as its answers come, for
     * {@code duration}; counts the answers with status 200 and the others.
     */
    static Run hammer(URI endpoint, byte[] request, int connections, Duration duration) throws InterruptedException {
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Throwable> broken = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            threads.add(Thread.ofPlatform().name("lean-client-" + i).start(() -> {
                long ok = 0;
                long bad = 0;
                Connection c = null;
                try {
                    while (System.nanoTime() < end) {
                        if (c == null) {
                            c = new Connection(endpoint);
                        }
                        int status = c.exchange(request, null);
                        if (status == 200) {
                            ok++;
                        } else {
                            bad++;
                        }
                        if (c.closeAfter) {
                            c.close();
                            c = null;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    broken.compareAndSet(null, e);
                } finally {
                    answered.addAndGet(ok);
                    failed.addAndGet(bad);
                    if (c != null) {
                        c.close();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (broken.get() != null) {
            throw new IllegalStateException("a connection to " + endpoint + " failed: " + broken.get(), broken.get());
        }
        return new Run(answered.get(), failed.get(), elapsed);
    }

    /** One kept-alive connection. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] scratch = new byte[64 * 1024];
        private final StringBuilder line = new StringBuilder();
        boolean closeAfter;

        Connection(URI endpoint) throws IOException {
            socket = new Socket(endpoint.getHost(), endpoint.getPort());
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = socket.getOutputStream();
        }

        /** Sends the request, reads the whole answer (into {@code body} when not null), returns its status. */
        int exchange(byte[] request, ByteArrayOutputStream body) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = readLine();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP status line: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            long length = -1;
            boolean chunked = false;
            closeAfter = parts[0].equals("HTTP/1.0");
            for (String h = readLine(); !h.isEmpty(); h = readLine()) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> closeAfter = value.equalsIgnoreCase("close")
                            || (parts[0].equals("HTTP/1.0") && !value.equalsIgnoreCase("keep-alive"));
                    default -> { }
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(readLine().split(";")[0].trim(), 16); size > 0;
                        size = Long.parseLong(readLine().split(";")[0].trim(), 16)) {
                    read(size, body);
                    readLine();
                }
                for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
                    // trailers: none expected
                }
            } else if (length >= 0) {
                read(length, body);
            } else {
                // no framing: the body runs to the end of the connection
                closeAfter = true;
                for (int n = in.read(scratch); n >= 0; n = in.read(scratch)) {
                    if (body != null) {
                        body.write(scratch, 0, n);
                    }
                }
            }
            return status;
        }

        private void read(long length, ByteArrayOutputStream body) throws IOException {
            long left = length;
            while (left > 0) {
                int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
                if (n < 0) {
                    throw new EOFException("the answer ended " + left + " bytes early");
                }
                if (body != null) {
                    body.write(scratch, 0, n);
                }
                left -= n;
            }
        }

        private String readLine() throws IOException {
            line.setLength(0);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("the connection closed mid-answer");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
