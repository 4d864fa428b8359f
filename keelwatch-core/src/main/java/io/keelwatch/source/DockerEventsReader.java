package io.keelwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Origin;
import io.keelwatch.event.Times;

import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Docker engine events: {@code docker events --format '{{json .}}'} and the Engine API {@code /events} stream,
 * both the legacy shape ({@code status}, {@code id}, {@code from} beside {@code Type}/{@code Action}/{@code Actor})
 * and the current one ({@code Type}, {@code Action}, {@code Actor{ID,Attributes}}, {@code scope}, {@code time},
 * {@code timeNano}); records lacking {@code Type} are container events (the oldest API). The time is
 * {@code timeNano}, else {@code time} (seconds).
 *
 * <p>Normalized: {@code event.action} is the verb of {@code Action} ({@code exec_create: netstat -tuln} gives
 * {@code exec_create}, {@code health_status: healthy} gives {@code health_status}); {@code docker.event.type};
 * {@code event.kind} is {@code exec} for container {@code exec_*} actions, {@code lifecycle} for other container
 * actions and the type name otherwise ({@code network}, {@code image}, {@code volume}, {@code daemon}, ...).
 * Container events give {@code container.id}, {@code container.name}, {@code container.image.name},
 * {@code container.exit_code} and {@code container.labels} (Docker flattens a container's labels into the event
 * attributes: every attribute but the known ones listed in {@link #NOT_LABELS} is a label). Network events give
 * (and volume mount events) give {@code container.id} from the {@code container} attribute. Exec actions give {@code process.args} (the command
 * after the colon, split on whitespace), {@code process.command_line}, {@code process.name} and
 * {@code docker.exec.id}.
 */
public final class DockerEventsReader implements SourceReader {
    public static final String TYPE = "docker_events";

    /** Container event attributes that are not labels. */
    static final Set<String> NOT_LABELS = Set.of("name", "image", "exitCode", "execID", "signal", "oldName",
            "execDuration", "container");
    private static final Set<String> LEGACY_IMAGE_VERBS = Set.of("pull", "push", "tag", "untag", "delete",
            "import", "load", "save");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Docker engine events (docker events --format '{{json .}}', Engine API /events)";
    }

    @Override
    public int sniff(Head head) {
        char c = head.firstChar();
        if (c != '{' && c != '[') {
            return 0;
        }
        String t = head.text();
        if (t.contains("\"Action\"") && t.contains("\"Actor\"") && t.contains("\"Type\"")) {
            return 90;
        }
        if (t.contains("\"status\"") && t.contains("\"id\"") && t.contains("\"from\"")
                && (t.contains("\"timeNano\"") || t.contains("\"time\""))) {
            return 60;
        }
        return 0;
    }

    @Override
    public EventStream open(Reader in, ReadContext ctx) throws IOException {
        return new Stream(in, ctx);
    }

    private static final class Stream extends JsonRecordStream {
        Stream(Reader in, ReadContext ctx) throws IOException {
            super(in, ctx);
        }

        @Override
        protected void onRecord(JsonNode rec, Origin origin) {
            String action = ReaderSupport.text(rec, "Action");
            if (action == null) {
                action = ReaderSupport.text(rec, "status");
            }
            if (action == null || action.isBlank()) {
                ctx.reject(origin, "not a Docker event: no \"Action\" (or legacy \"status\")");
                return;
            }
            Long time = time(rec);
            if (time == null) {
                ctx.reject(origin, "Docker event without a readable \"timeNano\" or \"time\"");
                return;
            }
            emit(toEvent(rec, action.trim(), time, origin));
        }
    }

    static Long time(JsonNode rec) {
        JsonNode nano = rec.get("timeNano");
        try {
            if (nano != null && nano.isIntegralNumber() && nano.canConvertToLong() && nano.longValue() > 0) {
                return nano.longValue();
            }
            if (nano != null && nano.isTextual() && nano.textValue().matches("\\d{1,19}")) {
                return Long.parseLong(nano.textValue());
            }
            JsonNode secs = rec.get("time");
            if (secs != null && secs.isNumber()) {
                return Times.ofEpochSecondsText(secs.asText());
            }
            if (secs != null && secs.isTextual()) {
                String s = secs.textValue();
                return s.matches("\\d{1,12}(\\.\\d+)?") ? Times.ofEpochSecondsText(s) : Times.parse(s);
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null;
        }
        return null;
    }

    static Event toEvent(JsonNode rec, String action, long time, Origin origin) {
        EventBuilder b = Event.builder(TYPE).time(time).raw(rec).origin(origin);
        int colon = action.indexOf(':');
        String verb = (colon < 0 ? action : action.substring(0, colon)).trim();
        String type = ReaderSupport.text(rec, "Type");
        if (type == null) {
            // the oldest shape has no Type: container events carry "from", image events do not
            type = !rec.has("from") && LEGACY_IMAGE_VERBS.contains(verb) ? "image" : "container";
        }
        type = type.toLowerCase(Locale.ROOT);
        String detail = colon < 0 ? null : action.substring(colon + 1).trim();
        boolean container = type.equals("container");
        boolean exec = container && verb.startsWith("exec_");
        b.put(Fields.EVENT_KIND, exec ? "exec" : container ? "lifecycle" : type);
        b.put(Fields.EVENT_ACTION, verb);
        b.put(Fields.DOCKER_EVENT_TYPE, type);
        JsonNode attrs = ReaderSupport.at(rec, "Actor", "Attributes");
        String actorId = ReaderSupport.text(rec, "Actor", "ID");
        if (actorId == null) {
            actorId = ReaderSupport.text(rec, "id");
        }
        if (container) {
            b.put(Fields.CONTAINER_ID, actorId);
            b.put(Fields.CONTAINER_NAME, ReaderSupport.text(attrs, "name"));
            String image = ReaderSupport.text(attrs, "image");
            b.put(Fields.CONTAINER_IMAGE, image != null ? image : ReaderSupport.text(rec, "from"));
            String exit = ReaderSupport.text(attrs, "exitCode");
            if (exit != null && exit.matches("-?\\d{1,18}")) {
                b.put(Fields.CONTAINER_EXIT_CODE, Long.parseLong(exit));
            }
            Map<String, String> labels = new LinkedHashMap<>();
            ReaderSupport.stringMap(attrs).forEach((k, v) -> {
                if (!NOT_LABELS.contains(k) && !(verb.equals("resize") && (k.equals("height") || k.equals("width")))) {
                    labels.put(k, v);
                }
            });
            b.put(Fields.CONTAINER_LABELS, labels);
            if (exec) {
                b.put(Fields.DOCKER_EXEC_ID, ReaderSupport.text(attrs, "execID"));
                if (detail != null && (verb.equals("exec_create") || verb.equals("exec_start"))) {
                    ReaderSupport.putProcess(b, ReaderSupport.splitWords(detail));
                }
            }
        } else if (type.equals("network") || type.equals("volume")) {
            b.put(Fields.CONTAINER_ID, ReaderSupport.text(attrs, "container"));
        } else if (type.equals("image")) {
            b.put(Fields.CONTAINER_IMAGE, actorId);
        }
        return b.build();
    }
}
