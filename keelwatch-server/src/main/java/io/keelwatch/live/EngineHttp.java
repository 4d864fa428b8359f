package io.keelwatch.live;

import io.keelwatch.source.BlockInputStream;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP/1.1 the Docker Engine API needs, spoken over any byte stream (a Unix socket, TCP, TLS): one request per
 * connection ({@code Connection: close}), a response head, and a body delimited by {@code Content-Length}, by
 * chunked transfer coding, or by the end of the connection. Bodies stream: {@code /events} never ends.
 */
final class EngineHttp {
    private static final int MAX_HEAD_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 200;

    private EngineHttp() {
    }

    /** A response whose body is read from the connection; closing it closes the connection. */
    static final class Response implements Closeable {
        final int status;
        final String reason;
        final Map<String, String> headers;   // lower-case names
        final InputStream body;
        private final Closeable connection;

        Response(int status, String reason, Map<String, String> headers, InputStream body, Closeable connection) {
            this.status = status;
            this.reason = reason;
            this.headers = headers;
            this.body = body;
            this.connection = connection;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        byte[] bytes(long max) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = body.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > max) {
                    throw new IOException("response body larger than " + max + " bytes");
                }
            }
            return out.toByteArray();
        }

        String text(long max) throws IOException {
            return new String(bytes(max), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            connection.close();
        }
    }

    /** Writes a request and reads the response head. {@code body} may be null. */
    static Response exchange(InputStream rawIn, OutputStream rawOut, Closeable connection, String method,
                             String target, String host, String contentType, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("User-Agent: keelwatch\r\n")
                .append("Accept: application/json\r\n")
                .append("Connection: close\r\n");
        if (body != null) {
            head.append("Content-Type: ").append(contentType == null ? "application/json" : contentType).append("\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
        } else if (!method.equals("GET") && !method.equals("HEAD")) {
            head.append("Content-Length: 0\r\n");
        }
        head.append("\r\n");
        OutputStream out = new BufferedOutputStream(rawOut, 8192);
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        InputStream in = new BufferedInputStream(rawIn, 64 * 1024);
        String status = readLine(in);
        while (status != null && status.isEmpty()) {
            status = readLine(in);
        }
        if (status == null) {
            throw new EOFException("connection closed before a response");
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + abbreviate(status));
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status line: " + abbreviate(status));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
            if (headers.size() > MAX_HEADERS) {
                throw new IOException("too many response headers");
            }
        }
        if (line == null) {
            throw new EOFException("connection closed in the response head");
        }
        InputStream bodyIn;
        String te = headers.get("transfer-encoding");
        String cl = headers.get("content-length");
        if (method.equals("HEAD") || code == 204 || code == 304 || (code >= 100 && code < 200)) {
            bodyIn = InputStream.nullInputStream();
        } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            bodyIn = new Chunked(in);
        } else if (cl != null) {
            long n;
            try {
                n = Long.parseLong(cl.trim());
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + cl);
            }
            bodyIn = new Bounded(in, n);
        } else {
            bodyIn = in;   // until the connection closes
        }
        return new Response(code, parts.length > 2 ? parts[2] : "", headers, bodyIn, connection);
    }

    /** A CRLF- (or LF-) terminated ISO-8859-1 line, or null at the end of the stream before any byte. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            if (sb.length() >= MAX_HEAD_LINE) {
                throw new IOException("HTTP line longer than " + MAX_HEAD_LINE + " bytes");
            }
            sb.append((char) c);
        }
        if (sb.length() == 0) {
            return null;
        }
        throw new EOFException("connection closed in the middle of a line");
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** A body of known length. */
    static final class Bounded extends BlockInputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("connection closed with " + left + " body bytes missing");
            }
            left -= n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), left);
        }
    }

    /**
     * Chunked transfer coding: {@code SIZE[;ext]CRLF DATA CRLF} ... {@code 0 CRLF [trailers] CRLF}. A connection that
     * ends inside a chunk, or before the last chunk, is an error (the caller tells a dropped stream from an end).
     */
    static final class Chunked extends BlockInputStream {
        private final InputStream in;
        private long left;          // bytes left in the current chunk
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (!done && left == 0) {
                nextChunk();
            }
            if (done) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("connection closed inside a chunk");
            }
            left -= n;
            if (left == 0) {
                String crlf = readLine(in);
                if (crlf == null || !crlf.isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
            }
            return n;
        }

        private void nextChunk() throws IOException {
            String line = readLine(in);
            if (line == null) {
                throw new EOFException("connection closed before the last chunk");
            }
            int semi = line.indexOf(';');
            String size = (semi < 0 ? line : line.substring(0, semi)).trim();
            try {
                left = Long.parseLong(size, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size '" + abbreviate(line) + "'");
            }
            if (left < 0) {
                throw new IOException("negative chunk size");
            }
            if (left == 0) {
                String trailer;
                while ((trailer = readLine(in)) != null && !trailer.isEmpty()) {
                    // trailers are ignored
                }
                done = true;
            }
        }

        @Override
        public int available() throws IOException {
            return done ? 0 : (int) Math.min(in.available(), left);
        }
    }
}
