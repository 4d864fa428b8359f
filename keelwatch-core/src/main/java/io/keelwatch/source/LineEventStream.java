package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.Origin;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayDeque;

/**
 * Base for line-oriented readers. Subclasses handle one line at a time and may emit zero or more events per
 * line, or hold state across lines (a lookahead, a group of records) and emit at {@link #onEnd}. A runtime
 * exception thrown by {@link #onLine} rejects that line with the exception's message; reading goes on.
 *
 * <p>Lines are found in the bytes of the text (UTF-8): an ASCII line becomes a string by a plain copy, and a
 * reader with a {@link LineParser} reads it in place; only a line with other characters is decoded (malformed
 * bytes become U+FFFD).
 */
public abstract class LineEventStream implements EventStream {
    /** Longest line accepted, in bytes; a longer line is rejected (and skipped) rather than held in memory. */
    public static final int MAX_LINE = 8 * 1024 * 1024;

    protected final ReadContext ctx;
    private final LineBuffer lines;
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private boolean ended;

    protected LineEventStream(Reader in, ReadContext ctx) {
        this(Utf8Text.bytesOf(in), ctx);
    }

    /** Reads the lines of UTF-8 text. */
    protected LineEventStream(InputStream in, ReadContext ctx) {
        this.lines = new LineBuffer(in, ctx);
        this.ctx = ctx;
    }

    /** Handles one line (without its terminator; a leading BOM is removed from line 1). */
    protected abstract void onLine(String line, long lineNo) throws IOException;

    /**
     * The part of reading a line that needs no state of the stream: a pure function of the line and its origin that
     * gives its event, or null to have the line handled by {@link #onLine} as usual (an odd line, a bad one, or one
     * that yields several events). It reads ASCII lines in place, on the reading thread or, when the context has
     * threads for it ({@link ReadContext#ahead}), on those, ahead of the reading one; events and rejections come in
     * the order of the lines either way. Null (the default) when the reader has none.
     */
    protected LineParser aheadParser() {
        return null;
    }

    /** See {@link #aheadParser}. */
    public interface LineParser {
        /**
         * The event of the line of ASCII text (not blank) in {@code bytes[off, off + len)}, followed there by a NUL;
         * or null.
         */
        Event parse(byte[] bytes, int off, int len, Origin origin);
    }

    /**
     * A {@link LineParser} that also reads a line before its end is found: the reading thread, parsing lines itself,
     * then passes over the bytes of a usual line once instead of twice (finding its end, then parsing it). Null (the
     * default) when the reader has none. Used only on the reading thread, for lines that start with '{'.
     */
    protected OpenLineParser openParser() {
        return null;
    }

    /** See {@link #openParser}. */
    public interface OpenLineParser {
        /**
         * The event of the line that starts at {@code bytes[off]} when the line ends (a newline) before
         * {@code bytes[limit]}, which is NUL, is all ASCII and gives what {@link LineParser#parse} would give for it;
         * else null (the line is then found and read as usual). The line's newline is then at {@link #newline}. Null
         * for an ASCII line that ends before the limit must mean that {@link LineParser#parse} gives null for it too:
         * it is then not parsed in place again.
         */
        Event parse(byte[] bytes, int off, int limit, Origin origin);

        /** The index of the newline of the line {@link #parse} read last. */
        int newline();
    }

    /** Called once at the end of input, to flush held state. */
    protected void onEnd() {
    }

    /** Queues an event for the consumer and counts it as read. */
    protected final void emit(Event e) {
        if (e != null) {
            ctx.accepted();
            pending.add(e);
        }
    }

    protected final long lineNo() {
        return lines.number();
    }

    private boolean started;
    private LineParser parser;
    private OpenLineParser open;
    private ReadAhead ahead;

    @Override
    public final Event next() throws IOException {
        if (!started) {
            started = true;
            parser = aheadParser();
            if (parser != null && ctx.ahead() != null) {
                ahead = new ReadAhead(ctx.ahead(), parser, ctx.file());
            } else if (parser != null) {
                open = openParser();
            }
        }
        while (pending.isEmpty()) {
            if (ended) {
                return null;
            }
            Event e;
            if (ahead != null) {
                nextBatch();
            } else if (open != null && (e = lines.readOpen(open)) != null) {
                emit(e);
            } else if (lines.next()) {
                handleLine();
            } else {
                end();
            }
        }
        return pending.poll();
    }

    /**
     * Handles the line just found: parsed in place when it can be (and the open parser did not refuse it whole),
     * else as a string by {@link #onLine}.
     */
    private void handleLine() throws IOException {
        if (parser != null && lines.ascii() && !lines.refusedWhole() && !lines.blank()) {
            Event e = null;
            try {
                e = lines.parse(parser);
            } catch (RuntimeException ex) {
                // onLine reads it again and reports what is wrong
            }
            if (e != null) {
                emit(e);
                return;
            }
        }
        handle(lines.text(), lines.number());
    }

    /** True when the ASCII text in {@code b[off, off + len)} is all whitespace. */
    static boolean blank(byte[] b, int off, int len) {
        for (int k = off; k < off + len; k++) {
            if (!Character.isWhitespace(b[k])) {
                return false;
            }
        }
        return true;
    }

    private void handle(String line, long no) throws IOException {
        try {
            onLine(line, no);
        } catch (RuntimeException ex) {
            ctx.reject(no, describe(ex));
        }
    }

    private void end() {
        ended = true;
        try {
            onEnd();
        } catch (RuntimeException ex) {
            ctx.reject(lines.number(), describe(ex));
        }
    }

    /** With parsing ahead: keeps batches of lines being parsed, and takes the oldest one's events. */
    private void nextBatch() throws IOException {
        while (!ahead.full()) {
            ReadAhead.Lines batch = new ReadAhead.Lines(lines.number() + 1);
            while (!batch.full() && lines.next()) {
                lines.addTo(batch);
            }
            if (batch.size() == 0) {
                break;
            }
            ahead.submit(batch);
        }
        ReadAhead.Lines done = ahead.take();
        if (done == null) {
            end();
            return;
        }
        for (int k = 0; k < done.size(); k++) {
            Event e = done.event(k);
            if (e != null) {
                emit(e);
            } else {
                handle(done.line(k), done.firstLine + k);
            }
        }
    }

    /** A readable reason from an exception. */
    public static String describe(Throwable ex) {
        String m = ex.getMessage();
        if (ex instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            m = j.getOriginalMessage();
        }
        if (m == null || m.isBlank()) {
            m = ex.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
