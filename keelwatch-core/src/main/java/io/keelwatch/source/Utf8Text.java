package io.keelwatch.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 text as a {@link Reader} (malformed bytes become U+FFFD) that still has its bytes: a line reader takes them
 * with {@link #bytesOf} and decodes only what it must. Decoding starts at the first read.
 */
public final class Utf8Text extends Reader {
    private final InputStream bytes;
    private Reader chars;

    public Utf8Text(InputStream bytes) {
        this.bytes = bytes;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (chars == null) {
            var dec = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            chars = new BufferedReader(new InputStreamReader(bytes, dec), 1 << 16);
        }
        return chars.read(buf, off, len);
    }

    @Override
    public void close() throws IOException {
        bytes.close();
    }

    /**
     * The bytes of a reader's text in UTF-8: those of a {@link Utf8Text} nothing has been read from, else the
     * characters encoded as they are read (a lone surrogate becomes {@code ?}).
     */
    public static InputStream bytesOf(Reader in) {
        if (in instanceof Utf8Text t && t.chars == null) {
            return t.bytes;
        }
        return new Encoded(in);
    }

    /** The characters of a reader, encoded to UTF-8 as they are read. */
    private static final class Encoded extends BlockInputStream {
        private final Reader in;
        private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        private final CharBuffer chars = CharBuffer.allocate(8192);
        private final ByteBuffer out = ByteBuffer.allocate(4 * 8192);
        private boolean eof;
        private boolean flushed;

        Encoded(Reader in) {
            this.in = in;
            chars.flip();
            out.flip();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (!out.hasRemaining()) {
                if (flushed) {
                    return -1;
                }
                fill();
            }
            int n = Math.min(len, out.remaining());
            out.get(b, off, n);
            return n;
        }

        /** Encodes the next characters into the (empty) output buffer. */
        private void fill() throws IOException {
            out.clear();
            if (!eof) {
                chars.compact();
                int n = in.read(chars);
                chars.flip();
                eof = n < 0;
            }
            CoderResult r = encoder.encode(chars, out, eof);
            if (r.isError()) {
                throw new IOException("cannot encode the text: " + r);
            }
            if (eof && !chars.hasRemaining()) {
                encoder.flush(out);
                flushed = true;
            }
            out.flip();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
