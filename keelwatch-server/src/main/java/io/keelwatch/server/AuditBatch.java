package io.keelwatch.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.live.Inbox;
import io.keelwatch.source.K8sAuditReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Kubernetes API server's webhook audit backend POSTs: an {@code audit.k8s.io} {@code EventList}
 * ({@code {"kind":"EventList","items":[...]}}); a single {@code Event} object or a JSON array of events are taken
 * too. Every item must be an audit event the {@code k8s_audit} reader accepts; one bad item rejects the whole body,
 * so that nothing of a bad batch is stored.
 */
final class AuditBatch {
    static final String ORIGIN = "audit-webhook";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** A body that is not what the endpoint takes; the message is the reason sent back with 400. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private AuditBatch() {
    }

    /** The inbox records of a request body (one per audit event), or Invalid naming the first problem. */
    static List<Inbox.Record> parse(byte[] body) throws Invalid {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage().replaceAll(
                    "\\s*\\(start marker at \\[Source:.*?line: (\\d+), column: (\\d+)\\]\\)", " (opened at line $1, column $2)");
            throw new Invalid("malformed JSON: " + why + " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new Invalid("unreadable body: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new Invalid("empty body: expected an audit.k8s.io EventList, an Event or a JSON array of events");
        }
        List<JsonNode> items = new ArrayList<>();
        String what;
        if (root.isArray()) {
            root.forEach(items::add);
            what = "array element";
        } else if (root.isObject() && ("EventList".equals(root.path("kind").asText()) || root.has("items"))) {
            JsonNode it = root.get("items");
            if (it != null && !it.isNull() && !it.isArray()) {
                throw new Invalid("EventList 'items' must be an array");
            }
            if (it != null) {
                it.forEach(items::add);
            }
            what = "items";
        } else if (root.isObject()) {
            items.add(root);
            what = "event";
        } else {
            throw new Invalid("expected an audit.k8s.io EventList, an Event or a JSON array of events, not a "
                    + root.getNodeType().name().toLowerCase());
        }
        List<Inbox.Record> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String where = what.equals("event") ? "the event" : what + "[" + i + "]";
            if (!item.isObject()) {
                throw new Invalid(where + " is not a JSON object");
            }
            String problem = check(item);
            if (problem != null) {
                throw new Invalid(where + ": " + problem);
            }
            out.add(new Inbox.Record(K8sAuditReader.TYPE, ORIGIN, item.toString()));
        }
        return out;
    }

    /** Null when the k8s_audit reader takes the event, else why not. */
    private static String check(JsonNode item) {
        return K8sAuditReader.rejection(item);
    }
}
