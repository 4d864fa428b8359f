package io.keelwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Origin;
import io.keelwatch.event.Times;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Kubernetes API server audit events ({@code audit.k8s.io/v1} and {@code v1beta1} {@code Event} objects): JSON
 * lines, {@code EventList} documents, JSON arrays and pretty-printed objects.
 *
 * <p>A record is accepted when it has a {@code verb} and a {@code requestURI} or {@code objectRef} (many recorded
 * traces lack {@code apiVersion} or {@code kind}); anything else is rejected with
 * "data not recognized as a k8s audit event" and the detail. The time is {@code stageTimestamp}, else
 * {@code requestReceivedTimestamp}, else {@code timestamp} (v1beta1).
 *
 * <p>Normalized: {@code event.action} and {@code orchestrator.verb} (the verb), {@code orchestrator.*} from
 * {@code objectRef} and {@code stage}, {@code user.name}/{@code user.groups}/{@code user.id} (the authenticated
 * user; an impersonated user stays in the raw {@code impersonatedUser}), {@code user_agent.original},
 * {@code source.ip} (first of {@code sourceIPs}), {@code http.response.status_code}, {@code url.original},
 * {@code event.outcome} (success below 400). {@code event.kind} is {@code exec} for {@code pods/exec} and
 * {@code pods/attach} (with {@code process.*} decoded from the {@code command} query parameters and
 * {@code container.name} from {@code container}), else {@code api}. A request that carries a pod spec (a Pod,
 * a pod's ephemeral containers, or a workload template: Deployment, DaemonSet, StatefulSet, ReplicaSet, Job,
 * CronJob) adds {@code container.privileged}, {@code container.host_pid/host_network/host_ipc},
 * {@code container.mounts.host_paths} (hostPath volumes), {@code container.capabilities.add} and
 * {@code container.image.name} (the first container's image).
 */
public final class K8sAuditReader implements SourceReader {
    public static final String TYPE = "k8s_audit";
    static final String NOT_AUDIT = "data not recognized as a k8s audit event";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Kubernetes API server audit log (audit.k8s.io Event JSON lines, EventList or JSON array)";
    }

    @Override
    public int sniff(Head head) {
        char c = head.firstChar();
        if (c != '{' && c != '[') {
            return 0;
        }
        String t = head.text();
        if (t.contains("\"auditID\"") || t.contains("audit.k8s.io/")) {
            return 90;
        }
        if (t.contains("\"verb\"") && (t.contains("\"requestURI\"") || t.contains("\"objectRef\""))) {
            return 80;
        }
        // an object with a "kind" key and nothing better: claim it weakly, so that a broken audit record is
        // reported as such rather than as a file of unknown format
        return t.contains("\"kind\"") ? 5 : 0;
    }

    @Override
    public EventStream open(Reader in, ReadContext ctx) throws IOException {
        return new Stream(in, ctx);
    }

    /** The top-level members this reader looks at; a line's other members are skipped until a rule needs them. */
    private static final Set<String> READ = Set.of("kind", "verb", "requestURI", "objectRef", "stage", "user",
            "userAgent", "sourceIPs", "responseStatus", "requestObject", "responseObject", "stageTimestamp",
            "requestReceivedTimestamp", "timestamp");

    /** A scanner per thread: the reading one, and those that parse ahead ({@link LineEventStream#aheadParser}). */
    private static final ThreadLocal<AuditLineScanner> SCANNERS = ThreadLocal.withInitial(AuditLineScanner::new);

    /** The event of a line the scanner read, or null when it left the line to the tree path. */
    private static Event scanned(AuditLineScanner s, AuditLineScanner.Read r, Origin origin) {
        return r == null ? null : toEvent(s.builder().reset().rawText(r.raw()), r.parts(), r.time(), origin);
    }

    private static final class Stream extends JsonRecordStream {
        private final JsonSkeleton skeleton = new JsonSkeleton(MAPPER, READ, "items");

        Stream(Reader in, ReadContext ctx) throws IOException {
            super(in, ctx);
        }

        @Override
        protected void onRecord(JsonNode rec, Origin origin) {
            accept(Event.builder(TYPE).raw(rec), rec, origin);
        }

        private void accept(EventBuilder b, JsonNode rec, Origin origin) {
            Long time = time(rec);
            String problem = rejection(rec, time);
            if (problem != null) {
                ctx.reject(origin, problem);
            } else {
                emit(toEvent(b, rec, time, origin));
            }
        }

        @Override
        protected LineEventStream.LineParser aheadLineParser() {
            return (bytes, off, len, origin) -> {
                AuditLineScanner s = SCANNERS.get();
                return scanned(s, s.read(bytes, off, len), origin);
            };
        }

        @Override
        protected LineEventStream.OpenLineParser openLineParser() {
            AuditLineScanner s = SCANNERS.get();
            return new LineEventStream.OpenLineParser() {
                @Override
                public Event parse(byte[] bytes, int off, int limit, Origin origin) {
                    return scanned(s, s.readOpen(bytes, off, limit), origin);
                }

                @Override
                public int newline() {
                    return s.newline();
                }
            };
        }

        @Override
        protected boolean onObjectLine(String line, Origin origin) {
            AuditLineScanner s = SCANNERS.get();
            Event fast = scanned(s, s.read(line), origin);
            if (fast != null) {
                emit(fast);
                return true;
            }
            JsonSkeleton.Read r = skeleton.read(line);
            if (r == null) {
                return false;
            }
            accept(Event.builder(TYPE).rawText(r.raw()), r.kept(), origin);
            return true;
        }
    }

    /** The top-level members {@link #rejection} looks at: a record holding only these is judged the same. */
    public static final java.util.Set<String> REJECTION_MEMBERS = java.util.Set.of("kind", "verb", "requestURI",
            "objectRef", "stageTimestamp", "requestReceivedTimestamp", "timestamp");

    /** Null when this reader takes {@code rec} as an audit event, else why it rejects it (as it reports it). */
    public static String rejection(JsonNode rec) {
        return rejection(rec, time(rec));
    }

    /** {@link #rejection(JsonNode)} with the record's {@link #time} already read. */
    private static String rejection(JsonNode rec, Long time) {
        String problem = notAudit(rec);
        if (problem != null) {
            return NOT_AUDIT + ": " + problem;
        }
        return time == null ? "k8s audit event without a readable stageTimestamp, requestReceivedTimestamp "
                + "or timestamp" : null;
    }

    /** Null when the record is an audit event, else what is wrong with it. */
    static String notAudit(JsonNode rec) {
        JsonNode verb = rec.get("verb");
        boolean hasVerb = verb != null && verb.isTextual() && !verb.textValue().isEmpty();
        JsonNode uri = rec.get("requestURI");
        JsonNode ref = rec.get("objectRef");
        boolean hasTarget = uri != null && uri.isTextual() || ref != null && ref.isObject();
        if (hasVerb && hasTarget) {
            return null;
        }
        List<String> why = new ArrayList<>();
        JsonNode kind = rec.get("kind");
        if (kind == null) {
            why.add("no \"kind\"");
        } else if (!kind.isTextual() || !kind.textValue().equals("Event")) {
            why.add("\"kind\" is " + abbreviate(kind.toString()) + ", not \"Event\"");
        }
        if (!hasVerb) {
            why.add("no \"verb\"");
        }
        if (!hasTarget) {
            why.add("no \"requestURI\" or \"objectRef\"");
        }
        return String.join(", ", why);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    static Long time(JsonNode rec) {
        for (String k : new String[]{"stageTimestamp", "requestReceivedTimestamp", "timestamp"}) {
            String t = ReaderSupport.text(rec, k);
            if (t != null) {
                try {
                    return Times.parse(t);
                } catch (IllegalArgumentException | ArithmeticException e) {
                    // try the next one
                }
            }
        }
        return null;
    }

    /** The event of an accepted record; {@code b} carries the raw document, {@code rec} has the members read. */
    static Event toEvent(EventBuilder b, JsonNode rec, long time, Origin origin) {
        return toEvent(b, AuditParts.of(rec), time, origin);
    }

    /** The event of an accepted record's parts ({@link K8sAuditEvents#of}). */
    static Event toEvent(EventBuilder b, AuditParts p, long time, Origin origin) {
        return K8sAuditEvents.of(b, p, time, origin);
    }
}
