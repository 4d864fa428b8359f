package io.keelwatch.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.live.Inbox;
import io.keelwatch.source.K8sAuditReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Kubernetes API server's webhook audit backend POSTs: an {@code audit.k8s.io} {@code EventList}
 * ({@code {"kind":"EventList","items":[...]}}); a single {@code Event} object or a JSON array of events are taken
 * too. Every item must be an audit event the {@code k8s_audit} reader accepts; one bad item rejects the whole body,
 * so that nothing of a bad batch is stored.
 *
 * <p>The body is read in one streaming pass: each item's text is taken from the body as it was sent (compact JSON,
 * as the API server sends it; an item spread over several lines is re-written on one), and only the members the
 * reader's acceptance check looks at are built as trees. The whole body is still checked as JSON (duplicate
 * member names included) before anything is stored.
 */
final class AuditBatch {
    static final String ORIGIN = "audit-webhook";
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = new ObjectMapper(FACTORY);

    /** A body that is not what the endpoint takes; the message is the reason sent back with 400. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private AuditBatch() {
    }

    /** The inbox records of a request body (one per audit event), or Invalid naming the first problem. */
    static List<Inbox.Record> parse(byte[] raw) throws Invalid {
        byte[] body = utf8(raw);
        try (JsonParser p = FACTORY.createParser(body)) {
            JsonToken first = p.nextToken();
            List<Inbox.Record> out;
            if (first == null) {
                throw new Invalid("empty body: expected an audit.k8s.io EventList, an Event or a JSON array of events");
            } else if (first == JsonToken.START_ARRAY) {
                out = items(p, body, "array element");
            } else if (first == JsonToken.START_OBJECT) {
                out = object(p, body);
            } else {
                throw new Invalid("expected an audit.k8s.io EventList, an Event or a JSON array of events, not a "
                        + kind(first));
            }
            if (p.nextToken() != null) {
                throw new Invalid("malformed JSON: more content after the document at line "
                        + p.currentTokenLocation().getLineNr() + ", column " + p.currentTokenLocation().getColumnNr());
            }
            return out;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new Invalid("unreadable body: " + e.getMessage());
        }
    }

    /** The 400 reason for JSON that does not parse, with where. */
    private static Invalid malformed(JsonProcessingException e) {
        String why = e.getOriginalMessage().replaceAll(
                "\\s*\\(start marker at \\[Source:.*?line: (\\d+), column: (\\d+)\\]\\)", " (opened at line $1, column $2)");
        return new Invalid("malformed JSON: " + why + " at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr());
    }

    /**
     * The body as UTF-8 without a byte order mark, so that item texts can be cut from it by byte offsets. JSON on
     * the wire is UTF-8 (RFC 8259), as the API server sends it; a UTF-16 or UTF-32 body (which Jackson recognizes
     * by its first bytes) is decoded and encoded again.
     */
    private static byte[] utf8(byte[] b) throws Invalid {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            return java.util.Arrays.copyOfRange(b, 3, b.length);
        }
        boolean wide = b.length >= 2 && (b[0] == 0 || b[1] == 0 || (b[0] & 0xFF) == 0xFE || (b[0] & 0xFF) == 0xFF);
        if (!wide) {
            return b;
        }
        try (JsonParser p = FACTORY.createParser(b)) {
            String text = JSON.readTree(p).toString();
            if (p.nextToken() != null) {
                throw new Invalid("malformed JSON: more content after the document");
            }
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new Invalid("unreadable body: " + e.getMessage());
        }
    }

    /** A top-level object: an EventList (kind EventList, or an {@code items} member) or a single event. */
    private static List<Inbox.Record> object(JsonParser p, byte[] body) throws IOException, Invalid {
        long start = p.currentTokenLocation().getByteOffset();
        ObjectNode checked = JSON.createObjectNode();
        List<Inbox.Record> items = null;
        boolean hasItems = false;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if (name.equals("items")) {
                hasItems = true;
                if (t == JsonToken.START_ARRAY) {
                    items = items(p, body, "items");
                } else if (t != JsonToken.VALUE_NULL) {
                    throw new Invalid("EventList 'items' must be an array");
                }
            } else {
                member(p, name, checked);
            }
        }
        if (hasItems || "EventList".equals(checked.path("kind").asText())) {
            return items == null ? List.of() : items;
        }
        long end = p.currentLocation().getByteOffset();
        return List.of(record(body, start, end, checked, "the event"));
    }

    /** The elements of an array whose START_ARRAY is the current token, each an audit event. */
    private static List<Inbox.Record> items(JsonParser p, byte[] body, String what) throws IOException, Invalid {
        List<Inbox.Record> out = new ArrayList<>();
        JsonToken t;
        for (int i = 0; (t = p.nextToken()) != JsonToken.END_ARRAY; i++) {
            String where = what + "[" + i + "]";
            if (t != JsonToken.START_OBJECT) {
                throw new Invalid(where + " is not a JSON object");
            }
            long start = p.currentTokenLocation().getByteOffset();
            ObjectNode checked = JSON.createObjectNode();
            String name;
            while ((name = p.nextFieldName()) != null) {
                p.nextToken();
                member(p, name, checked);
            }
            out.add(record(body, start, p.currentLocation().getByteOffset(), checked, where));
        }
        return out;
    }

    /** A member whose value is the current token: kept as a tree when the acceptance check reads it, else skipped. */
    private static void member(JsonParser p, String name, ObjectNode checked) throws IOException {
        if (K8sAuditReader.REJECTION_MEMBERS.contains(name)) {
            checked.set(name, JSON.readTree(p));
        } else {
            p.skipChildren();
        }
    }

    private static Inbox.Record record(byte[] body, long start, long end, ObjectNode checked, String where)
            throws IOException, Invalid {
        String problem = K8sAuditReader.rejection(checked);
        if (problem != null) {
            throw new Invalid(where + ": " + problem);
        }
        String text = new String(body, (int) start, (int) (end - start), StandardCharsets.UTF_8);
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            text = JSON.readTree(text).toString();   // one record, one line
        }
        return new Inbox.Record(K8sAuditReader.TYPE, ORIGIN, text);
    }

    private static String kind(JsonToken t) {
        return switch (t) {
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase();
        };
    }
}
