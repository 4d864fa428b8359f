package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.Origin;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of a UTF-8 text, read in blocks, and the lines found in them for {@link LineEventStream}: line ends are
 * found eight bytes at a time ({@link Ascii#lineEnd}), together with whether the line is all ASCII, and lines are
 * counted. The line found last stays in the buffer until the next is looked for, so that a parser can read it in
 * place; {@link #readOpen} reads a line before its end is found.
 */
final class LineBuffer {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputStream in;
    private final ReadContext ctx;
    /** The bytes read and not yet taken are {@code buf[pos, lim)}; the buffer keeps one byte spare after them. */
    private byte[] buf = new byte[(1 << 16) + 1];
    private int pos;
    private int lim;
    private boolean eof;
    private long lineNo;
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
    /**
     * Where {@link #readOpen} last gave no event for a line, and the end of the bytes it had then (-1: none since
     * the buffer last moved): a line found there that ends before that end was refused whole.
     */
    private int refusedAt = -1;
    private int refusedLimit;

    LineBuffer(InputStream in, ReadContext ctx) {
        this.in = in;
        this.ctx = ctx;
    }

    /** The number of the line found last (0 before the first). */
    long number() {
        return lineNo;
    }

    /** Whether the line found last is all ASCII. */
    boolean ascii() {
        return lineAscii;
    }

    /** The line found last, as a string. */
    String text() {
        return Ascii.text(buf, lineStart, lineLen, lineAscii);
    }

    /** True when the line found last (ASCII) is all whitespace. */
    boolean blank() {
        return LineEventStream.blank(buf, lineStart, lineLen);
    }

    /** True when {@link #readOpen} refused the line found last while it had the whole line. */
    boolean refusedWhole() {
        return lineStart == refusedAt && lineTerminator < refusedLimit;
    }

    /** The line found last (ASCII) read in place by {@code parser}, with a NUL after it. */
    Event parse(LineEventStream.LineParser parser) {
        buf[lineStart + lineLen] = 0;       // the terminator's place (the buffer keeps one byte spare)
        return parser.parse(buf, lineStart, lineLen, Origin.of(ctx.file(), lineNo));
    }

    /** Adds the line found last to a batch of lines to parse ahead. */
    void addTo(ReadAhead.Lines batch) {
        batch.add(buf, lineStart, lineLen, lineAscii);
    }

    /**
     * The event of the next line read by {@code open} before its end is found, when it starts with '{' in the bytes
     * at hand (not the first line, which may start with a BOM), the line then counted and passed; else null, and
     * nothing passed.
     */
    Event readOpen(LineEventStream.OpenLineParser open) {
        if (searched != 0 || pos >= lim || buf[pos] != '{' || lineNo == 0) {
            return null;
        }
        buf[lim] = 0;       // the buffer keeps one byte spare
        Event e;
        try {
            e = open.parse(buf, pos, lim, Origin.of(ctx.file(), lineNo + 1));
        } catch (RuntimeException ex) {
            e = null;           // read as usual, which reports what is wrong
        }
        if (e == null || open.newline() - pos > LineEventStream.MAX_LINE) {
            refusedAt = pos;
            refusedLimit = lim;
            return null;
        }
        lineNo++;
        pos = open.newline() + 1;
        return e;
    }

    /**
     * Finds the next line (counted; without its terminator, {@code \n} or {@code \r\n}; a leading BOM removed from
     * line 1), reading more as needed; false at the end of input. A line longer than
     * {@link LineEventStream#MAX_LINE} is rejected and found empty.
     */
    boolean next() throws IOException {
        while (true) {
            int from = pos + searched;
            long end = from < lim ? Ascii.lineEnd(buf, from, lim) : -1;
            if (end >= 0 && Ascii.index(end) - pos <= LineEventStream.MAX_LINE) {
                take(Ascii.index(end), searchedAscii && Ascii.ascii(end));
                pos = Ascii.index(end) + 1;
                return true;
            }
            if (end < 0 && from < lim) {
                searchedAscii &= Ascii.is(buf, from, lim);
                searched = lim - pos;
            }
            if (lim - pos > LineEventStream.MAX_LINE) {
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
        ctx.reject(lineNo + 1, "line longer than " + LineEventStream.MAX_LINE + " bytes");
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
        lineTerminator = pos;
    }

    void close() throws IOException {
        in.close();
    }
}
