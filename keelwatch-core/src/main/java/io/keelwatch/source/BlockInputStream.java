package io.keelwatch.source;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that works in blocks: reading one byte goes through {@link #read(byte[], int, int)}, the one
 * method a subclass writes (streams that recode or frame what they read: text to UTF-8, chunked HTTP bodies).
 */
public abstract class BlockInputStream extends InputStream {
    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
