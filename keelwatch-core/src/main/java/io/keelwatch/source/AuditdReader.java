package io.keelwatch.source;

import io.keelwatch.event.Origin;

import java.io.Reader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Linux audit logs ({@code /var/log/audit/audit.log}, raw format, optionally {@code node=}-prefixed). The records
 * of one event share {@code msg=audit(TIME:SERIAL)} and become one event. A group ends at its {@code EOE}
 * record, when 32 lines have passed without a record of it, when more than 64 groups are open (the oldest
 * goes), or at the end of input; groups are emitted in the order they began.
 *
 * <p>The event built from a group is described in {@link AuditEvents}.
 */
public final class AuditdReader implements SourceReader {
    public static final String TYPE = "auditd";
    static final int STALE_LINES = 32;
    static final int MAX_OPEN = 64;
    static final int MAX_RECORDS = 4096;
    private static final Pattern RECORD = Pattern.compile(
            "^(node=\\S+ )?type=[A-Z0-9_\\[\\]]+ msg=audit\\(\\d+(\\.\\d+)?:\\d+\\):.*");
    private static final Pattern KERNEL = Pattern.compile(".*\\baudit: type=\\d+ audit\\(\\d+(\\.\\d+)?:\\d+\\):.*");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Linux auditd raw logs; records grouped per event, EXECVE and PROCTITLE decoded";
    }

    @Override
    public int sniff(Head head) {
        int records = 0;
        int kernel = 0;
        int other = 0;
        for (String l : head.lines()) {
            if (l.isBlank() || l.equals("----") || l.startsWith("time->")) {
                continue;
            }
            if (RECORD.matcher(l).matches()) {
                records++;
            } else if (KERNEL.matcher(l).matches()) {
                kernel++;
            } else {
                other++;
            }
        }
        if (records > 0 && other == 0) {
            return 95;
        }
        if (records + kernel > other) {
            return records > 0 ? 75 : 60;
        }
        return 0;
    }

    @Override
    public EventStream open(Reader in, ReadContext ctx) {
        return new Stream(in, ctx);
    }

    private static final class Group {
        final List<AuditRecord> records = new ArrayList<>();
        final long firstLine;
        long lastLine;
        boolean complete;

        Group(long line) {
            this.firstLine = line;
            this.lastLine = line;
        }
    }

    private static final class Stream extends LineEventStream {
        private final LinkedHashMap<String, Group> open = new LinkedHashMap<>();

        Stream(Reader in, ReadContext ctx) {
            super(in, ctx);
        }

        @Override
        protected void onLine(String line, long lineNo) {
            if (line.isBlank() || line.equals("----") || line.startsWith("time->")) {
                return;   // ausearch separators
            }
            AuditRecord r = AuditRecord.parse(line);
            String key = (r.node() == null ? "" : r.node()) + "|" + r.time() + ":" + r.serial();
            Group g = open.get(key);
            if (g == null) {
                g = new Group(lineNo);
                open.put(key, g);
            }
            g.lastLine = lineNo;
            if (r.type().equals("EOE")) {
                g.complete = true;
            } else if (g.records.size() >= MAX_RECORDS) {
                ctx.reject(lineNo, "more than " + MAX_RECORDS + " records for audit event " + r.time() + ":"
                        + r.serial() + "; record skipped");
            } else {
                g.records.add(r);
            }
            Iterator<Group> it = open.values().iterator();
            while (it.hasNext()) {
                Group head = it.next();
                if (!(head.complete || head.lastLine < lineNo - STALE_LINES || open.size() > MAX_OPEN)) {
                    break;
                }
                it.remove();
                flush(head);
            }
        }

        @Override
        protected void onEnd() {
            List<Group> rest = new ArrayList<>(open.values());
            open.clear();
            rest.forEach(this::flush);
        }

        private void flush(Group g) {
            if (g.records.isEmpty()) {
                return;   // an EOE alone
            }
            Origin origin = Origin.of(ctx.file(), g.firstLine);
            try {
                emit(AuditEvents.build(g.records, origin));
            } catch (RuntimeException ex) {
                ctx.reject(origin, describe(ex));
            }
        }
    }
}
