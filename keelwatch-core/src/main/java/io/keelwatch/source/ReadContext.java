package io.keelwatch.source;

import io.keelwatch.event.Origin;

/** Per-file reading context: the display name of the input and where rejected records go. */
public final class ReadContext {
    private final String file;
    private final Diagnostics diagnostics;
    private final String sourceType;
    private final java.util.concurrent.Executor ahead;

    public ReadContext(String file, String sourceType, Diagnostics diagnostics) {
        this(file, sourceType, diagnostics, null);
    }

    /**
     * @param ahead threads on which a reader may parse lines ahead of the one reading them (see
     *              {@link LineEventStream#aheadParser}), or null to parse on the reading thread
     */
    public ReadContext(String file, String sourceType, Diagnostics diagnostics, java.util.concurrent.Executor ahead) {
        this.file = file;
        this.sourceType = sourceType;
        this.diagnostics = diagnostics;
        this.ahead = ahead;
    }

    /** Where lines may be parsed ahead, or null. */
    public java.util.concurrent.Executor ahead() {
        return ahead;
    }

    public String file() {
        return file;
    }

    public String sourceType() {
        return sourceType;
    }

    public Diagnostics diagnostics() {
        return diagnostics;
    }

    public Origin origin(long line) {
        return Origin.of(file, line);
    }

    /** Reports a rejected record at a line of this file. */
    public void reject(long line, String reason) {
        diagnostics.reject(sourceType, Origin.of(file, line), reason);
    }

    public void reject(Origin origin, String reason) {
        diagnostics.reject(sourceType, origin, reason);
    }

    public void accepted() {
        java.util.concurrent.atomic.LongAdder c = acceptedCounter;
        if (c == null) {
            c = diagnostics.acceptedCounter(sourceType);
            acceptedCounter = c;
        }
        c.increment();
    }

    private java.util.concurrent.atomic.LongAdder acceptedCounter;
}
