package io.keelwatch.source;

import io.keelwatch.event.RawText;
import io.keelwatch.event.Times;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a line holding one audit event in its usual shape without building a tree: one pass over the bytes
 * ({@link JsonCursor}) that takes the values {@link AuditParts} needs and checks the syntax of everything else as it
 * skips it. About every member of a Metadata-level event is needed, so a tree of the members (as
 * {@link JsonSkeleton} builds) costs as much as parsing the whole line; this costs a fraction.
 *
 * <p>It gives up (returns null) on anything out of the ordinary, and the line then takes the tree path, which
 * reads and rejects it as it always has: a member of another type than usual ({@code null}, a number for a text,
 * an element of a list that is not text), a member given twice, an escape in a member's name, a code that is not a
 * whole number, a record {@link K8sAuditReader} rejects, a wrapper of records ({@code items}), text after the
 * object, very deep nesting, and any JSON syntax error. So it accepts nothing the tree path would not, and gives the
 * same event for it (the property test {@code AuditLineScannerProperties} compares the two).
 */
final class AuditLineScanner {
    /**
     * Top-level member names kept as constants, so that the names of most lines allocate nothing; the members read
     * are found by their position in this list.
     */
    private static final JsonCursor.Names NAMES = new JsonCursor.Names("verb", "requestURI", "stage", "userAgent",
            "stageTimestamp", "requestReceivedTimestamp", "timestamp", "sourceIPs", "user", "objectRef",
            "responseStatus", "requestObject", "responseObject", "items", "kind", "apiVersion", "level", "auditID",
            "impersonatedUser", "annotations", "metadata");
    private static final int VERB = 0;
    private static final int REQUEST_URI = 1;
    private static final int STAGE = 2;
    private static final int USER_AGENT = 3;
    private static final int STAGE_TIME = 4;
    private static final int RECEIVED_TIME = 5;
    private static final int TIMESTAMP = 6;
    private static final int SOURCE_IPS = 7;
    private static final int USER_MEMBER = 8;
    private static final int OBJECT_REF_MEMBER = 9;
    private static final int RESPONSE_STATUS = 10;
    private static final int REQUEST_OBJECT = 11;
    private static final int RESPONSE_OBJECT = 12;
    private static final int ITEMS = 13;
    private static final JsonCursor.Names USER = new JsonCursor.Names("username", "uid", "groups", "extra");
    private static final int USERNAME = 0;
    private static final int UID = 1;
    private static final int GROUPS = 2;
    private static final JsonCursor.Names OBJECT_REF = new JsonCursor.Names("resource", "subresource", "name",
            "namespace", "apiGroup", "apiVersion", "resourceVersion", "uid");
    private static final int RESOURCE = 0;
    private static final int SUBRESOURCE = 1;
    private static final int NAME = 2;
    private static final int NAMESPACE = 3;
    private static final int API_GROUP = 4;
    private static final JsonCursor.Names STATUS = new JsonCursor.Names("code", "metadata", "status", "reason",
            "message");
    private static final int CODE = 0;

    private final JsonCursor c = new JsonCursor();
    private final List<String> names = new ArrayList<>(24);
    private final JsonSkeleton.KeyNames keys = new JsonSkeleton.KeyNames();
    private final io.keelwatch.event.EventBuilder builder = io.keelwatch.event.Event.builder(K8sAuditReader.TYPE);

    /** A builder for the events of the lines this scanner reads, to {@link io.keelwatch.event.EventBuilder#reset}. */
    io.keelwatch.event.EventBuilder builder() {
        return builder;
    }

    /** The result of a line read here. */
    record Read(AuditParts parts, long time, RawText raw) {
    }

    /**
     * The line's audit event parts, time and raw text; null when the line must take the tree path (a line with
     * characters outside ASCII always does).
     */
    Read read(String line) {
        return c.reset(line) ? scan(line, null, -1) : null;
    }

    /**
     * Like {@link #read(String)} for the ASCII line in {@code bytes[off, off + len)}, followed there by a NUL, read in
     * place (see {@link LineEventStream.LineParser}).
     */
    Read read(byte[] bytes, int off, int len) {
        c.reset(bytes, off, len);
        return scan(null, bytes, -1);
    }

    /**
     * Like {@link #read(byte[], int, int)} for a line whose end is not known yet: the bytes from {@code off} up to
     * {@code limit}, where a NUL is, may hold it (see {@link LineEventStream.OpenLineParser}). Null also when the
     * line does not end before the limit or holds a byte outside ASCII; else its newline is at {@link #newline}.
     */
    Read readOpen(byte[] bytes, int off, int limit) {
        c.reset(bytes, off, limit - off);
        return scan(null, bytes, off);
    }

    /** The index of the newline of the line {@link #readOpen} read last. */
    int newline() {
        return newline;
    }

    private int newline;

    /**
     * Reads the object of {@code line}, or of the bytes the cursor was set to: the line of text is then made from
     * them, up to the text's end ({@code open} negative) or, from {@code open} on, up to the newline after the object.
     */
    private Read scan(String line, byte[] bytes, int open) {
        names.clear();
        try {
            return object(line, bytes, open);
        } catch (JsonCursor.GiveUp | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private Read object(String text, byte[] bytes, int open) {
        AuditParts p = new AuditParts();
        long[] times = new long[3];         // spans of stageTimestamp, requestReceivedTimestamp, timestamp
        int[] bodies = {-1, 0, -1, 0};      // requestObject's span, responseObject's span
        boolean target = false;
        long seen = 0;
        if (!c.openObject()) {
            throw JsonCursor.giveUp();
        }
        int k = -1;
        do {
            String name = c.name(NAMES, k);
            names.add(name);
            k = c.nameIndex();
            if (k >= 0) {
                if ((seen & 1L << k) != 0) {
                    throw JsonCursor.giveUp();      // a member given twice: the tree keeps the last one whole
                }
                seen |= 1L << k;
            }
            switch (k) {
                case VERB -> p.verb = c.sharedText();
                case REQUEST_URI -> {
                    p.requestUri = c.text();
                    target = true;
                }
                case STAGE -> p.stage = c.sharedText();
                case USER_AGENT -> p.userAgent = c.sharedText();
                case STAGE_TIME -> times[0] = c.textSpan();
                case RECEIVED_TIME -> times[1] = c.textSpan();
                case TIMESTAMP -> times[2] = c.textSpan();
                case SOURCE_IPS -> p.sourceIp = c.firstText();
                case USER_MEMBER -> user(p);
                case OBJECT_REF_MEMBER -> {
                    objectRef(p);
                    target = true;
                }
                case RESPONSE_STATUS -> responseStatus(p);
                case REQUEST_OBJECT -> span(bodies, 0);
                case RESPONSE_OBJECT -> span(bodies, 2);
                case ITEMS -> throw JsonCursor.giveUp();
                default -> c.skip(0);
            }
        } while (c.more('}'));
        String line = text;
        if (open >= 0) {
            newline = c.lineEnd();
            int end = bytes[newline - 1] == '\r' ? newline - 1 : newline;        // as lines are cut
            line = JsonCursor.ascii(bytes, open, end - open);
        } else if (!c.atEnd()) {
            throw JsonCursor.giveUp();
        } else if (line == null) {
            line = JsonCursor.ascii(bytes, c.base, c.n - c.base);
        }
        if (p.verb == null || !target) {
            throw JsonCursor.giveUp();
        }
        Long time = time(line, times);
        if (time == null) {
            throw JsonCursor.giveUp();
        }
        p.bodies(line, bodies[0], bodies[1], bodies[2], bodies[3]);
        return new Read(p, time, new RawText(line, keys.of(names)));
    }

    private void span(int[] bodies, int at) {
        bodies[at] = c.position();
        c.skip(0);
        bodies[at + 1] = c.position();
    }

    /**
     * Reads the members of a nested object, each by its index in {@code names} (-1 for a name not there): the
     * reader takes the value of the member or skips it.
     */
    private void members(JsonCursor.Names names, java.util.function.IntConsumer member) {
        if (c.openObject()) {
            int k = -1;
            do {
                c.name(names, k);
                k = c.nameIndex();
                member.accept(k);
            } while (c.more('}'));
        }
    }

    private void user(AuditParts p) {
        members(USER, k -> {
            switch (k) {
                case USERNAME -> p.username = c.sharedText();
                case UID -> p.uid = c.sharedText();
                case GROUPS -> p.groups = c.sharedTexts();
                default -> c.skip(1);
            }
        });
    }

    private void objectRef(AuditParts p) {
        members(OBJECT_REF, k -> {
            switch (k) {
                case RESOURCE -> p.resource = c.sharedText();
                case SUBRESOURCE -> p.subresource = c.sharedText();
                case NAME -> p.name = c.text();
                case NAMESPACE -> p.namespace = c.sharedText();
                case API_GROUP -> p.apiGroup = c.sharedText();
                default -> c.skip(1);
            }
        });
    }

    /** The status code; gives up on a code that is not a whole number within an int. */
    private void responseStatus(AuditParts p) {
        members(STATUS, k -> {
            if (k == CODE) {
                p.code = c.integer();
            } else {
                c.skip(1);
            }
        });
    }

    /**
     * The first of the times (spans of text values, 0 when absent) that parses, as {@link K8sAuditReader#time} takes
     * them; null when none does. Gives up on a time written with escapes.
     */
    private static Long time(String line, long[] spans) {
        for (long span : spans) {
            int start = (int) (span >>> 32);
            int end = (int) span;
            if (end <= start) {
                continue;       // absent or empty
            }
            try {
                long t = Times.parseUtc(line, start, end);      // digits and separators only: no escape in it
                if (t != Long.MIN_VALUE) {
                    return t;
                }
                String text = line.substring(start, end);
                if (text.indexOf('\\') >= 0) {
                    throw JsonCursor.giveUp();
                }
                return Times.parse(text);
            } catch (IllegalArgumentException | ArithmeticException e) {
                // try the next one
            }
        }
        return null;
    }
}
