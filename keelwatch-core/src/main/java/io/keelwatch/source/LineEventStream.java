package io.keelwatch.source;

import io.keelwatch.event.Event;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;

/**
 * Base for line-oriented readers. Subclasses handle one line at a time and may emit zero or more events per
 * line, or hold state across lines (a lookahead, a group of records) and emit at {@link #onEnd}. A runtime
 * exception thrown by {@link #onLine} rejects that line with the exception's message; reading goes on.
 */
public abstract class LineEventStream implements EventStream {
    /** Longest line accepted; a longer line is rejected (and skipped) rather than held in memory. */
    public static final int MAX_LINE = 8 * 1024 * 1024;

    private final BufferedReader in;
    protected final ReadContext ctx;
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private long lineNo;
    private boolean ended;

    protected LineEventStream(Reader in, ReadContext ctx) {
        this.in = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
        this.ctx = ctx;
    }

    /** Handles one line (without its terminator; a leading BOM is removed from line 1). */
    protected abstract void onLine(String line, long lineNo) throws IOException;

    /**
     * The part of reading a line that may run on another thread, ahead of the reading one: a pure function of the
     * line and its origin that gives its event, or null to have the line handled by {@link #onLine} on the reading
     * thread as usual (an odd line, a bad one, or one that yields several events). Null (the default) when the
     * reader has none. Used when the context has threads for it ({@link ReadContext#ahead}); events and rejections
     * come in the order of the lines either way.
     */
    protected LineParser aheadParser() {
        return null;
    }

    /** See {@link #aheadParser}. */
    public interface LineParser {
        /** The event of the line in {@code chars[off, off + len)}, followed there by a NUL; or null. */
        Event parse(char[] chars, int off, int len, io.keelwatch.event.Origin origin);
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

    @Override
    public final Event next() throws IOException {
        if (ahead == null && ctx.ahead() != null && aheadParser() != null) {
            ahead = new ReadAhead(ctx.ahead(), aheadParser(), ctx.file());
        }
        while (pending.isEmpty()) {
            if (ended) {
                return null;
            }
            if (ahead != null) {
                nextBatch();
                continue;
            }
            String line = nextLine();
            if (line == null) {
                end();
                continue;
            }
            handle(line, lineNo);
        }
        return pending.poll();
    }

    /** The next line, counted (a leading BOM removed from line 1), or null at the end of input. */
    private String nextLine() throws IOException {
        String line = readLine();
        if (line == null) {
            return null;
        }
        lineNo++;
        if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
            line = line.substring(1);
        }
        return line;
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

    private ReadAhead ahead;

    /** With parsing ahead: keeps batches of lines being parsed, and takes the oldest one's events. */
    private void nextBatch() throws IOException {
        while (!ahead.full()) {
            ReadAhead.Lines batch = new ReadAhead.Lines(lineNo + 1);
            while (!batch.full() && nextLineInto(batch)) {
                // filled
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

    /** Adds the next line to a batch (counted, a leading BOM removed from line 1); false at the end of input. */
    private boolean nextLineInto(ReadAhead.Lines batch) throws IOException {
        int start = pos;
        int end = takeBufferedLine();
        if (end < 0) {
            String line = nextLine();      // a line across the buffer's end, or too long: the general way
            if (line == null) {
                return false;
            }
            batch.add(line);
            return true;
        }
        lineNo++;
        if (lineNo == 1 && end > start && buf[start] == '\uFEFF') {
            start++;
        }
        batch.add(buf, start, end - start);
        return true;
    }

    /**
     * When the next line lies whole in the buffer (from {@code pos}): moves past it and its terminator and returns
     * where it ends (before {@code \n} or {@code \r\n}); else -1, nothing moved.
     */
    private int takeBufferedLine() {
        int k = lineEnd();
        if (k < 0) {
            return -1;
        }
        int end = k > pos && buf[k - 1] == '\r' ? k - 1 : k;
        pos = k + 1;
        return end;
    }

    /** The index of the next newline in the buffer, or -1 when the buffer holds none. */
    private int lineEnd() {
        char[] b = buf;
        int k = pos;
        for (int end = lim - 3; k < end; k += 4) {      // four at a time, one branch
            if ((b[k] == '\n') | (b[k + 1] == '\n') | (b[k + 2] == '\n') | (b[k + 3] == '\n')) {
                break;
            }
        }
        for (; k < lim; k++) {
            if (b[k] == '\n') {
                return k;
            }
        }
        return -1;
    }

    private final char[] buf = new char[1 << 16];
    private int pos;
    private int lim;
    private final StringBuilder line = new StringBuilder(1024);

    /** Reads the next line (without its terminator) into a reused buffer; null at end of input. */
    private String readLine() throws IOException {
        // the usual case: the whole line is in the buffer, and becomes a string in one copy
        int from = pos;
        int end = takeBufferedLine();
        if (end >= 0) {
            return new String(buf, from, end - from);
        }
        line.setLength(0);
        boolean any = false;
        boolean overflow = false;
        while (true) {
            if (pos >= lim) {
                lim = in.read(buf, 0, buf.length);
                pos = 0;
                if (lim <= 0) {
                    lim = 0;
                    return any ? finish(overflow) : null;
                }
            }
            any = true;
            int start = pos;
            while (pos < lim && buf[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            if (line.length() + n <= MAX_LINE) {
                line.append(buf, start, n);
            } else {
                overflow = true;
            }
            if (pos < lim) {
                pos++; // the newline
                return finish(overflow);
            }
        }
    }

    private String finish(boolean overflow) {
        if (overflow) {
            ctx.reject(lineNo + 1, "line longer than " + MAX_LINE + " characters");
            return "";
        }
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
            line.setLength(n - 1);
        }
        return line.toString();
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
