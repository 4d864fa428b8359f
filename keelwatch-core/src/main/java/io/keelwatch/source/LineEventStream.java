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
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputStream in;
    protected final ReadContext ctx;
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private long lineNo;
    private boolean ended;

    protected LineEventStream(Reader in, ReadContext ctx) {
        this(Utf8Text.bytesOf(in), ctx);
    }

    /** Reads the lines of UTF-8 text. */
    protected LineEventStream(InputStream in, ReadContext ctx) {
        this.in = in;
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
        return lineNo;
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
            if (ahead != null) {
                nextBatch();
            } else if (open != null && openLine()) {
                continue;
            } else if (nextLine()) {
                handleLine();
            } else {
                end();
            }
        }
        return pending.poll();
    }

    /**
     * Reads the next line with the {@link #openParser} before its end is found, when it starts with '{' in the bytes
     * at hand (not the first line, which may start with a BOM); false when it does not or the parser gives none.
     */
    private boolean openLine() {
        if (searched != 0 || pos >= lim || buf[pos] != '{' || lineNo == 0) {
            return false;
        }
        buf[lim] = 0;       // the buffer keeps one byte spare
        Event e;
        try {
            e = open.parse(buf, pos, lim, Origin.of(ctx.file(), lineNo + 1));
        } catch (RuntimeException ex) {
            e = null;           // read as usual, which reports what is wrong
        }
        if (e == null || open.newline() - pos > MAX_LINE) {
            refusedAt = pos;
            refusedLimit = lim;
            return false;
        }
        lineNo++;
        pos = open.newline() + 1;
        emit(e);
        return true;
    }

    /**
     * Where the {@link #openParser} last gave no event for a line, and the end of the bytes it had then (-1: none
     * since the buffer last moved): a line found there that ends before that end was refused whole, and is not
     * parsed in place again.
     */
    private int refusedAt = -1;
    private int refusedLimit;

    /** Handles the line just found: parsed in place when it can be, else as a string by {@link #onLine}. */
    private void handleLine() throws IOException {
        boolean refused = lineStart == refusedAt && lineTerminator < refusedLimit;
        if (parser != null && lineAscii && !refused && !blank(buf, lineStart, lineLen)) {
            Event e = null;
            try {
                buf[lineStart + lineLen] = 0;       // the terminator's place (the buffer keeps one byte spare)
                e = parser.parse(buf, lineStart, lineLen, Origin.of(ctx.file(), lineNo));
            } catch (RuntimeException ex) {
                // onLine reads it again and reports what is wrong
            }
            if (e != null) {
                emit(e);
                return;
            }
        }
        handle(lineText(), lineNo);
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
            ctx.reject(lineNo, describe(ex));
        }
    }

    /** With parsing ahead: keeps batches of lines being parsed, and takes the oldest one's events. */
    private void nextBatch() throws IOException {
        while (!ahead.full()) {
            ReadAhead.Lines batch = new ReadAhead.Lines(lineNo + 1);
            while (!batch.full() && nextLine()) {
                batch.add(buf, lineStart, lineLen, lineAscii);
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

    /** The bytes read and not yet taken are {@code buf[pos, lim)}; the buffer keeps one byte spare after them. */
    private byte[] buf = new byte[(1 << 16) + 1];
    private int pos;
    private int lim;
    private boolean eof;
    /** The line found last: {@code buf[lineStart, lineStart + lineLen)}, and whether it is all ASCII. */
    private int lineStart;
    private int lineLen;
    private boolean lineAscii;
    /** The index of its newline (or the end of input after the last line). */
    private int lineTerminator;

    /**
     * How many bytes from {@code pos} on are known to hold no newline (the start of a line that a refill goes on
     * with), and whether they are all ASCII: they are not searched again.
     */
    private int searched;
    private boolean searchedAscii = true;

    /** The line found last, as a string. */
    private String lineText() {
        return Ascii.text(buf, lineStart, lineLen, lineAscii);
    }

    /**
     * Finds the next line (counted; without its terminator, {@code \n} or {@code \r\n}; a leading BOM removed from
     * line 1), reading more as needed; false at the end of input. A line longer than {@link #MAX_LINE} is rejected
     * and found empty.
     */
    private boolean nextLine() throws IOException {
        while (true) {
            int from = pos + searched;
            long end = from < lim ? Ascii.lineEnd(buf, from, lim) : -1;
            if (end >= 0 && Ascii.index(end) - pos <= MAX_LINE) {
                take(Ascii.index(end), searchedAscii && Ascii.ascii(end));
                pos = Ascii.index(end) + 1;
                return true;
            }
            if (end < 0 && from < lim) {
                searchedAscii &= Ascii.is(buf, from, lim);
                searched = lim - pos;
            }
            if (lim - pos > MAX_LINE) {
                skipLongLine(end);
                return true;
            }
            if (!fill()) {
                if (pos == lim) {
                    return false;
                }
                take(lim, searchedAscii);       // the last line, without a terminator (all of it searched)
                pos = lim;
                return true;
            }
        }
    }

    /** Makes {@code buf[pos, newline)} the line found. */
    private void take(int newline, boolean ascii) {
        lineNo++;
        searched = 0;
        searchedAscii = true;
        int start = pos;
        int end = newline > start && buf[newline - 1] == '\r' ? newline - 1 : newline;
        if (lineNo == 1 && end - start >= 3 && java.util.Arrays.equals(buf, start, start + 3, BOM, 0, 3)) {
            start += 3;
            ascii = Ascii.is(buf, start, end);
        }
        lineStart = start;
        lineLen = end - start;
        lineAscii = ascii;
        lineTerminator = newline;
    }

    /**
     * Reads more bytes after those not yet taken, moving them to the front or growing the buffer when it is full;
     * false at the end of input.
     */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
            refusedAt = -1;
        }
        if (lim == buf.length - 1) {
            buf = java.util.Arrays.copyOf(buf, (buf.length - 1) * 2 + 1);
        }
        int n = in.read(buf, lim, buf.length - 1 - lim);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim += n;
        return true;
    }

    /**
     * Rejects the line being read, too long to hold, and skips the rest of it (its end: see {@link Ascii#lineEnd});
     * it is then found empty.
     */
    private void skipLongLine(long end) throws IOException {
        ctx.reject(lineNo + 1, "line longer than " + MAX_LINE + " bytes");
        while (end < 0) {
            pos = lim;
            if (!fill()) {
                break;
            }
            end = Ascii.lineEnd(buf, pos, lim);
        }
        if (end >= 0) {
            pos = Ascii.index(end) + 1;
        }
        lineNo++;
        searched = 0;
        searchedAscii = true;
        lineStart = pos;
        lineLen = 0;
        lineAscii = true;
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
        in.close();
    }
}
