package io.keelwatch.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/**
 * The members of a Kubernetes audit event that its normalized fields come from, read either from a parsed tree
 * ({@link #of}) or straight from the text of a line ({@link AuditLineScanner}). Text values are null when absent
 * or empty, as {@link ReaderSupport#text} gives them. The request and response bodies are parsed only when a
 * field needs them (a pod spec, a pod's labels or name), which few events do.
 */
final class AuditParts {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    String verb;
    String requestUri;
    String stage;
    String userAgent;
    String sourceIp;
    String username;
    String uid;
    List<String> groups = List.of();
    String resource;
    String subresource;
    String name;
    String namespace;
    String apiGroup;
    /** {@code responseStatus.code} when it is a whole number that fits an int, else null. */
    Long code;

    private JsonNode requestObject;
    private JsonNode responseObject;
    /** When read from a line: the line and the spans of the bodies' values (start -1: absent). */
    private String line;
    private int requestStart = -1;
    private int requestEnd;
    private int responseStart = -1;
    private int responseEnd;

    /** The parts of a parsed record that {@link K8sAuditReader} accepts. */
    static AuditParts of(JsonNode rec) {
        AuditParts p = new AuditParts();
        p.verb = rec.get("verb").textValue();
        p.resource = ReaderSupport.text(rec, "objectRef", "resource");
        p.subresource = ReaderSupport.text(rec, "objectRef", "subresource");
        p.name = ReaderSupport.text(rec, "objectRef", "name");
        p.namespace = ReaderSupport.text(rec, "objectRef", "namespace");
        p.apiGroup = ReaderSupport.text(rec, "objectRef", "apiGroup");
        p.stage = ReaderSupport.text(rec, "stage");
        p.username = ReaderSupport.text(rec, "user", "username");
        p.uid = ReaderSupport.text(rec, "user", "uid");
        p.groups = ReaderSupport.strings(ReaderSupport.at(rec, "user", "groups"));
        p.userAgent = ReaderSupport.text(rec, "userAgent");
        List<String> ips = ReaderSupport.strings(rec.get("sourceIPs"));
        p.sourceIp = ips.isEmpty() ? null : ips.get(0);
        JsonNode code = ReaderSupport.at(rec, "responseStatus", "code");
        if (code != null && code.canConvertToInt() && code.isNumber()) {
            p.code = code.longValue();
        }
        p.requestUri = ReaderSupport.text(rec, "requestURI");
        p.requestObject = rec.get("requestObject");
        p.responseObject = rec.get("responseObject");
        return p;
    }

    /** Reading from a line: where the bodies' values are in it. */
    void bodies(String line, int requestStart, int requestEnd, int responseStart, int responseEnd) {
        this.line = line;
        this.requestStart = requestStart;
        this.requestEnd = requestEnd;
        this.responseStart = responseStart;
        this.responseEnd = responseEnd;
    }

    /** {@code requestObject}, or null. */
    JsonNode requestObject() {
        if (requestObject == null && requestStart >= 0) {
            requestObject = parse(requestStart, requestEnd);
        }
        return requestObject;
    }

    /** {@code responseObject}, or null. */
    JsonNode responseObject() {
        if (responseObject == null && responseStart >= 0) {
            responseObject = parse(responseStart, responseEnd);
        }
        return responseObject;
    }

    private JsonNode parse(int start, int end) {
        try {
            return MAPPER.readTree(line.substring(start, end));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a body that was scanned as valid JSON does not parse", e);
        }
    }
}
