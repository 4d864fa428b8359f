package io.keelwatch.rule.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.Event;
import io.keelwatch.source.K8sAuditReader;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;

/** Audit records turned into events by the k8s_audit reader itself (so that edited traces are normalized too). */
final class K8sAuditTraces {
    private K8sAuditTraces() {
    }

    static Event event(JsonNode record) {
        K8sAuditReader r = new K8sAuditReader();
        try (var s = r.open(new StringReader(record.toString()), new io.keelwatch.source.ReadContext("edited",
                r.type(), io.keelwatch.source.Diagnostics.silent()))) {
            Event e = s.next();
            if (e == null) {
                throw new AssertionError("the k8s_audit reader rejected " + record);
            }
            return e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
