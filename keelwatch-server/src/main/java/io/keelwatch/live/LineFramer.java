package io.keelwatch.live;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Groups the complete lines of a followed file into inbox records so that each record can be read on its own by
 * its source type's reader (the processor reads every record as a small file: a multi-line payload is read line by
 * line). Most formats are one line per record. Formats whose reader joins lines get them in one payload:
 * <ul>
 *   <li>{@code dockerd_log}: a {@code Calling METHOD PATH} line and the {@code form data: ...} line right after it
 *       (the request body of a create or exec call: image, command, mounts, privileges);</li>
 *   <li>{@code auditd}: consecutive records of one event ({@code msg=audit(TIME:SERIAL)}), up to its {@code EOE};</li>
 *   <li>{@code zeek_conn} (TSV): data lines, batched, behind the file's current {@code #...} header block, which
 *       names and types the columns.</li>
 * </ul>
 * Lines are held until their group is complete; {@link #flush} releases what is held (the file went quiet, or
 * ended). {@link Framed#end()} is the file position after a record's last line: the offset to commit once it is
 * appended.
 */
abstract class LineFramer {
    /** A complete line (without its line end) and its byte range in the file. */
    record Line(String text, long start, long end) {
    }

    /** One record's payload and the byte range of the lines it carries. */
    record Framed(String payload, long start, long end) {
    }

    static LineFramer forType(String type) {
        return switch (type) {
            case "dockerd_log" -> new DockerdCalls();
            case "auditd" -> new AuditGroups();
            case "zeek_conn" -> new ZeekHeader();
            default -> new Single();
        };
    }

    /** Takes the next line; completed records go to {@code out}. */
    abstract void line(Line l, List<Framed> out);

    /** Releases whatever is held as records. */
    abstract void flush(List<Framed> out);

    /** True while lines are held back. */
    abstract boolean holding();

    /** Lines at the head of the file, seen before resuming in its middle (a header to remember). */
    void prime(List<String> headLines) {
    }

    static Framed join(List<Line> lines, String prefix) {
        StringBuilder sb = new StringBuilder(prefix);
        for (Line l : lines) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(l.text());
        }
        return new Framed(sb.toString(), lines.get(0).start(), lines.get(lines.size() - 1).end());
    }

    /** One line, one record; blank lines are dropped. */
    static final class Single extends LineFramer {
        @Override
        void line(Line l, List<Framed> out) {
            if (!l.text().isBlank()) {
                out.add(new Framed(l.text(), l.start(), l.end()));
            }
        }

        @Override
        void flush(List<Framed> out) {
        }

        @Override
        boolean holding() {
            return false;
        }
    }

    /** dockerd: an API call line waits for the next line, which joins it when it is the call's form data. */
    static final class DockerdCalls extends LineFramer {
        private Line call;

        static boolean isCall(String s) {
            return s.contains("msg=\"Calling ") || s.contains("\"msg\":\"Calling ");
        }

        static boolean isForm(String s) {
            return s.contains("msg=\"form data:") || s.contains("\"msg\":\"form data:");
        }

        @Override
        void line(Line l, List<Framed> out) {
            if (l.text().isBlank()) {
                return;
            }
            if (call != null) {
                Line c = call;
                call = null;
                if (isForm(l.text())) {
                    out.add(join(List.of(c, l), ""));
                    return;
                }
                out.add(new Framed(c.text(), c.start(), c.end()));
            }
            if (isCall(l.text())) {
                call = l;
            } else {
                out.add(new Framed(l.text(), l.start(), l.end()));
            }
        }

        @Override
        void flush(List<Framed> out) {
            if (call != null) {
                out.add(new Framed(call.text(), call.start(), call.end()));
                call = null;
            }
        }

        @Override
        boolean holding() {
            return call != null;
        }
    }

    /** auditd: consecutive records with the same event id form one record; EOE or another id ends it. */
    static final class AuditGroups extends LineFramer {
        private static final Pattern ID = Pattern.compile("audit\\((\\d+(?:\\.\\d+)?:\\d+)\\)");
        private static final int MAX_RECORDS = 1024;
        private final List<Line> group = new ArrayList<>();
        private String id;

        @Override
        void line(Line l, List<Framed> out) {
            String t = l.text();
            if (t.isBlank()) {
                return;
            }
            Matcher m = ID.matcher(t);
            String lineId = m.find() ? m.group(1) : null;
            if (!group.isEmpty() && (lineId == null || !lineId.equals(id) || group.size() >= MAX_RECORDS)) {
                flush(out);
            }
            if (lineId == null) {
                out.add(new Framed(t, l.start(), l.end()));
                return;
            }
            id = lineId;
            group.add(l);
            if (t.contains("type=EOE ")) {
                flush(out);
            }
        }

        @Override
        void flush(List<Framed> out) {
            if (!group.isEmpty()) {
                out.add(join(group, ""));
                group.clear();
                id = null;
            }
        }

        @Override
        boolean holding() {
            return !group.isEmpty();
        }
    }

    /** Zeek TSV: records are the current header block followed by the data lines that came since. */
    static final class ZeekHeader extends LineFramer {
        private static final int MAX_LINES = 500;
        private final StringBuilder header = new StringBuilder();
        private final List<Line> data = new ArrayList<>();
        private boolean inHeader;

        @Override
        void prime(List<String> headLines) {
            for (String s : headLines) {
                if (!s.startsWith("#")) {
                    break;
                }
                header(s, new ArrayList<>());
            }
        }

        @Override
        void line(Line l, List<Framed> out) {
            String t = l.text();
            if (t.isBlank()) {
                return;
            }
            if (t.startsWith("#")) {
                header(t, out);
                return;
            }
            inHeader = false;
            if (header.length() == 0) {
                out.add(new Framed(t, l.start(), l.end()));   // JSON form: self-contained lines
                return;
            }
            data.add(l);
            if (data.size() >= MAX_LINES) {
                flush(out);
            }
        }

        private void header(String t, List<Framed> out) {
            if (t.startsWith("#close")) {
                return;
            }
            flush(out);   // data so far goes with the header it was written under
            if (!inHeader) {
                header.setLength(0);
                inHeader = true;
            }
            header.append(header.length() > 0 ? "\n" : "").append(t);
        }

        @Override
        void flush(List<Framed> out) {
            if (!data.isEmpty()) {
                out.add(join(data, header.toString()));
                data.clear();
            }
        }

        @Override
        boolean holding() {
            return !data.isEmpty();
        }
    }
}
