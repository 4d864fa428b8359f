package io.keelwatch.source;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineEventStreamTest {
    /** Lines longer than the buffer make it grow; one longer than the limit is rejected, and the next is read. */
    @Test
    void longLines() throws Exception {
        String wide = "\u00e9".repeat(100_000) + "x";                      // 200,002 bytes
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.writeBytes(("first\n" + wide + "\r\n").getBytes(StandardCharsets.UTF_8));
        text.writeBytes(new byte[LineEventStream.MAX_LINE + 10]);           // NULs, no newline until the end
        text.writeBytes("\nlast".getBytes(StandardCharsets.UTF_8));
        List<Diagnostics.Rejection> rejected = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        InputStream in = new ByteArrayInputStream(text.toByteArray()) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 50_000));
            }
        };
        LineEventStream s = new LineEventStream(in, new ReadContext("long.log", "test",
                new Diagnostics(rejected::add))) {
            @Override
            protected void onLine(String line, long no) {
                lines.add(no + ":" + (line.length() > 20 ? line.length() + " chars" : line));
            }
        };
        assertThat(s.next()).isNull();
        assertThat(lines).containsExactly("1:first", "2:100001 chars", "3:", "4:last");
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("line longer than " + LineEventStream.MAX_LINE + " bytes");
            assertThat(r.origin().line()).isEqualTo(3);
        });
    }

    /**
     * A line that the parser reading before the end is found refused while it had the whole line is not parsed in
     * place again; one it refused only because its end was not in the bytes at hand is.
     */
    @Test
    void aLineRefusedWholeIsNotParsedInPlaceAgain() throws Exception {
        byte[] text = "{a}\n{b}\n{c}\r\n{d}".getBytes(StandardCharsets.US_ASCII);
        List<String> inPlace = new ArrayList<>();
        List<String> onLine = new ArrayList<>();
        LineEventStream s = new LineEventStream(new ByteArrayInputStream(text), new ReadContext("t", "test",
                new Diagnostics(r -> { }))) {
            @Override
            protected void onLine(String line, long no) {
                onLine.add(no + ":" + line);
            }

            @Override
            protected LineParser aheadParser() {
                return (bytes, off, len, origin) -> {
                    inPlace.add(origin.line() + ":" + new String(bytes, off, len, StandardCharsets.US_ASCII));
                    return null;
                };
            }

            @Override
            protected OpenLineParser openParser() {
                return new OpenLineParser() {
                    @Override
                    public io.keelwatch.event.Event parse(byte[] bytes, int off, int limit,
                                                          io.keelwatch.event.Origin origin) {
                        return null;
                    }

                    @Override
                    public int newline() {
                        return -1;
                    }
                };
            }
        };
        assertThat(s.next()).isNull();
        assertThat(onLine).containsExactly("1:{a}", "2:{b}", "3:{c}", "4:{d}");
        // line 1 is never read before its end is found (it may start with a BOM); the last one has no newline
        assertThat(inPlace).containsExactly("1:{a}", "4:{d}");
    }
}
