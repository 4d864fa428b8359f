package io.keelwatch.source;

import io.keelwatch.event.Event;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lines found in bytes (eight at a time, with the buffer refilled at any point of a line) are the lines of the text
 * decoded as a whole, numbered alike; an ASCII line goes to the in-place parser with a NUL after it, and a line it
 * gives an event for does not reach {@code onLine}.
 */
class LineEventStreamProperties {
    private static final ExecutorService AHEAD = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "ahead");
        t.setDaemon(true);
        return t;
    });

    /** Pieces of text: plain, non-ASCII, malformed UTF-8, terminators, whitespace. */
    private static final List<byte[]> PIECES = List.of(bytes("a"), bytes("{\"verb\":\"get\"}"), bytes("P-line"),
            bytes("\n{P"), bytes("{P"),
            bytes("0123456789abcdef"), bytes("caf\u00e9"), bytes("\u2603"), bytes("\uD83D\uDE00"), new byte[]{(byte) 0xC3},
            new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xE2, (byte) 0x98}, bytes("\n"), bytes("\r\n"), bytes("\r"),
            bytes(" "), bytes("\t"), bytes("\u0000"), bytes("\"\\"));

    @Provide
    Arbitrary<byte[]> texts() {
        Arbitrary<byte[]> piece = Arbitraries.of(PIECES);
        return piece.list().ofMaxSize(200).map(list -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            list.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    /**
     * With {@code open}, lines are also read before their end is found ({@link LineEventStream.OpenLineParser}):
     * the lines, their numbers and which of them a parser read are the same.
     */
    @Property(tries = 2000)
    void linesAsTheDecodedText(@ForAll("texts") byte[] text, @ForAll boolean bom, @ForAll @IntRange(min = 1, max = 40)
            int chunk, @ForAll boolean ahead, @ForAll boolean open) throws IOException {
        byte[] input = bom ? concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text) : text;
        List<String> expected = reference(input);
        Collector c = new Collector(new Chunked(input, chunk), ahead ? AHEAD : null, open);
        List<String> got = read(c);
        List<String> seen = new ArrayList<>();
        for (int k = 0; k < expected.size(); k++) {
            String line = expected.get(k);
            boolean parsed = (line.startsWith("P") || line.startsWith("{P")) && line.chars().allMatch(ch -> ch < 0x80);
            seen.add((parsed ? "parsed " : "line ") + (k + 1) + " " + line);
        }
        assertThat(got).isEqualTo(seen);
        net.jqwik.api.statistics.Statistics.label("open").collect(c.openReads > 0 ? "read before the end" : "none");
        net.jqwik.api.statistics.Statistics.label("open").coverage(cov ->
                cov.check("read before the end").percentage(pct -> pct > 1));
    }

    private static List<String> read(Collector c) throws IOException {
        List<String> got = new ArrayList<>();
        for (Event e; (e = c.next()) != null; ) {
            got.add(e.string("line"));
        }
        return got;
    }

    @Property(tries = 300)
    void aReaderOfCharactersGivesTheSameLines(@ForAll("texts") byte[] text) throws IOException {
        String decoded = new String(text, StandardCharsets.UTF_8);
        List<String> got = read(new Collector(Utf8Text.bytesOf(new StringReader(decoded)), null, false));
        assertThat(got.stream().map(s -> s.substring(s.indexOf(' ', s.indexOf(' ') + 1) + 1)).toList())
                .isEqualTo(reference(decoded.getBytes(StandardCharsets.UTF_8)));
    }

    /** The lines as a reader of characters splits the whole decoded text: at {@code \n}, less a final {@code \r}. */
    private static List<String> reference(byte[] input) throws IOException {
        BufferedReader r = new BufferedReader(InputFile.readerOf(new ByteArrayInputStream(input)));
        StringBuilder all = new StringBuilder();
        char[] buf = new char[256];
        for (int n; (n = r.read(buf)) > 0; ) {
            all.append(buf, 0, n);
        }
        String text = all.toString();
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        lines.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
            lines.set(0, lines.get(0).substring(1));
        }
        return lines;
    }

    /** Gives an event for each line, saying whether a parser or onLine made it. */
    private static final class Collector extends LineEventStream {
        private final boolean open;
        int openReads;

        Collector(InputStream in, java.util.concurrent.Executor ahead, boolean open) {
            super(in, new ReadContext("t", "test", new Diagnostics(r -> {
                throw new AssertionError("rejected: " + r);
            }), ahead));
            this.open = open;
        }

        /**
         * Reads ASCII lines that start with "{P" up to the first newline, if one comes before the limit; refuses a
         * whole line only when the in-place parser would (a line that does not start so).
         */
        @Override
        protected OpenLineParser openParser() {
            return !open ? null : new OpenLineParser() {
                private int newline;

                @Override
                public Event parse(byte[] bytes, int off, int limit, io.keelwatch.event.Origin origin) {
                    assertThat(bytes[limit]).as("NUL at the limit").isZero();
                    assertThat(bytes[off]).isEqualTo((byte) '{');
                    int p = off;
                    while (p < limit && bytes[p] != '\n') {
                        if (bytes[p] < 0) {
                            return null;        // outside ASCII: the line is not parsed in place either
                        }
                        p++;
                    }
                    if (p == limit || bytes[off + 1] != 'P') {
                        return null;
                    }
                    newline = p;
                    int end = bytes[p - 1] == '\r' ? p - 1 : p;
                    openReads++;
                    String line = new String(bytes, off, end - off, StandardCharsets.ISO_8859_1);
                    return Event.builder("test").put("line", "parsed " + origin.line() + " " + line).build();
                }

                @Override
                public int newline() {
                    return newline;
                }
            };
        }

        @Override
        protected void onLine(String line, long lineNo) {
            emit(Event.builder("test").put("line", "line " + lineNo + " " + line).build());
        }

        @Override
        protected LineParser aheadParser() {
            return (bytes, off, len, origin) -> {
                assertThat(bytes[off + len]).as("NUL after the line").isZero();
                String line = new String(bytes, off, len, StandardCharsets.ISO_8859_1);
                assertThat(line.chars().allMatch(ch -> ch < 0x80)).as("ASCII: " + line).isTrue();
                if (!line.startsWith("P") && !line.startsWith("{P")) {
                    return null;
                }
                return Event.builder("test").put("line", "parsed " + origin.line() + " " + line).build();
            };
        }
    }

    /** Bytes handed out at most {@code chunk} at a time. */
    private static final class Chunked extends InputStream {
        private final ByteArrayInputStream in;
        private final int chunk;

        Chunked(byte[] bytes, int chunk) {
            this.in = new ByteArrayInputStream(bytes);
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, chunk));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
