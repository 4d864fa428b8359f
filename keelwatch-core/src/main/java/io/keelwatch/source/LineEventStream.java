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
        while (pending.isEmpty()) {
            if (ended) {
                return null;
            }
            String line = readLine();
            if (line == null) {
                ended = true;
                try {
                    onEnd();
                } catch (RuntimeException ex) {
                    ctx.reject(lineNo, describe(ex));
                }
                continue;
            }
            lineNo++;
            if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            try {
                onLine(line, lineNo);
            } catch (RuntimeException ex) {
                ctx.reject(lineNo, describe(ex));
            }
        }
        return pending.poll();
    }

    private String readLine() throws IOException {
        StringBuilder sb = null;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return sb == null ? null : finish(sb);
            }
            if (sb == null) {
                sb = new StringBuilder(256);
            }
            if (c == '\n') {
                return finish(sb);
            }
            if (sb.length() < MAX_LINE) {
                sb.append((char) c);
            } else if (sb.length() == MAX_LINE) {
                sb.append('\u0000'); // marks overflow; rest of the line is discarded
            }
        }
    }

    private String finish(StringBuilder sb) {
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') {
            sb.setLength(n - 1);
        }
        if (sb.length() > MAX_LINE) {
            ctx.reject(lineNo + 1, "line longer than " + MAX_LINE + " characters");
            return "";
        }
        return sb.toString();
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
