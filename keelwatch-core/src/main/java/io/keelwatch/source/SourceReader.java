package io.keelwatch.source;

import java.io.IOException;
import java.io.Reader;

/**
 * One input format. Implementations are stateless and thread-safe; {@link #open} creates the per-file state.
 * Readers stream: memory does not grow with the input (a multi-record JSON document is walked with the
 * streaming parser).
 */
public interface SourceReader {
    /** The source type written into every event, e.g. {@code k8s_audit}. Also the value of {@code --source}. */
    String type();

    /** One line for {@code --help} and the README. */
    String description();

    /**
     * How sure this reader is that a file starting with {@code head} is in its format: 0 (not at all) to 100.
     * {@code head} holds the first lines of the file (at most 64 KiB, at most 20 lines).
     */
    int sniff(Head head);

    /** Opens a stream over {@code in}. Malformed records are reported to {@code ctx} and skipped. */
    EventStream open(Reader in, ReadContext ctx) throws IOException;

    /** True for binary formats (pcap): they are detected by {@link #sniffBytes} and opened by {@link #openBinary}. */
    default boolean binary() {
        return false;
    }

    /** For binary formats: confidence 0..100 from the first bytes (at most 64). */
    default int sniffBytes(byte[] head) {
        return 0;
    }

    /** For binary formats: opens a stream over the (decompressed) bytes. */
    default EventStream openBinary(java.io.InputStream in, ReadContext ctx) throws IOException {
        throw new UnsupportedOperationException(type() + " is not a binary format");
    }
}
