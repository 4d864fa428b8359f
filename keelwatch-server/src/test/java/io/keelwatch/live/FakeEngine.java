package io.keelwatch.live;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scripted HTTP/1.1 server on a Unix socket, standing in for the Docker Engine in tests. */
final class FakeEngine implements Closeable {
    interface Handler {
        void handle(Exchange x) throws Exception;
    }

    /** One request and the raw response stream. */
    static final class Exchange {
        final String method;
        final String path;
        final Map<String, String> query = new LinkedHashMap<>();
        final String body;
        final OutputStream out;
        private final SocketChannel channel;

        Exchange(String method, String target, String body, OutputStream out, SocketChannel channel) {
            this.method = method;
            int q = target.indexOf('?');
            this.path = q < 0 ? target : target.substring(0, q);
            if (q >= 0) {
                for (String kv : target.substring(q + 1).split("&")) {
                    int eq = kv.indexOf('=');
                    query.put(URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8),
                            eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            this.body = body;
            this.out = out;
            this.channel = channel;
        }

        void raw(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void reply(int status, String body) throws IOException {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            raw("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + b.length
                    + "\r\n\r\n");
            out.write(b);
            out.flush();
        }

        void startChunked() throws IOException {
            raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        }

        void chunk(String data) throws IOException {
            byte[] b = data.getBytes(StandardCharsets.UTF_8);
            raw(Integer.toHexString(b.length) + "\r\n");
            out.write(b);
            raw("\r\n");
        }

        void endChunked() throws IOException {
            raw("0\r\n\r\n");
        }

        boolean isOpen() {
            return channel.isOpen();
        }

        /** Drops the connection without ending the response. */
        void drop() throws IOException {
            channel.close();
        }
    }

    final Path socket;
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final ServerSocketChannel server;
    private final Handler handler;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    FakeEngine(Path socket, Handler handler) throws IOException {
        this.socket = socket;
        this.handler = handler;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread t = new Thread(this::acceptLoop, "fake-engine");
        t.setDaemon(true);
        t.start();
    }

    DockerEngineClient client() {
        return new DockerEngineClient(DockerEndpoint.unix(socket), 5_000, null);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel c = server.accept();
                open.add(c);
                Thread t = new Thread(() -> serve(c), "fake-engine-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel c) {
        try (c) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(c));
            String requestLine = EngineHttp.readLine(in);
            if (requestLine == null) {
                return;
            }
            int length = 0;
            String h;
            while ((h = EngineHttp.readLine(in)) != null && !h.isEmpty()) {
                if (h.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).trim());
                }
            }
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            String[] parts = requestLine.split(" ");
            requests.add(parts[0] + " " + parts[1]);
            handler.handle(new Exchange(parts[0], parts[1], body, Channels.newOutputStream(c), c));
        } catch (Exception e) {
            // the client went away, or the script dropped the connection
        } finally {
            open.remove(c);
        }
    }

    /** Drops every open connection (a daemon restart, as far as clients can tell). */
    void dropAll() throws IOException {
        for (SocketChannel c : open) {
            c.close();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        dropAll();
        Files.deleteIfExists(socket);
    }
}
