package io.keelwatch.source;

import io.keelwatch.event.Origin;

/** Per-file reading context: the display name of the input and where rejected records go. */
public final class ReadContext {
    private final String file;
    private final Diagnostics diagnostics;
    private final String sourceType;

    public ReadContext(String file, String sourceType, Diagnostics diagnostics) {
        this.file = file;
        this.sourceType = sourceType;
        this.diagnostics = diagnostics;
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
        diagnostics.accepted(sourceType);
    }
}
