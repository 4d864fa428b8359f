package io.keelwatch.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Times;

import java.io.Reader;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Docker daemon's own log: logrus text lines ({@code time="..." level=debug msg="..." key=value}, RFC 3339
 * times with any fraction and zone), the same as JSON records ({@code {"level":..,"msg":..,"time":..}}) and
 * Docker Desktop's multiplexed forms (a {@code 2021-07-28T10:21:21Z dockerd } prefix before the logrus pairs, or
 * JSON with a {@code component} key).
 *
 * <p>Every line becomes an event of kind {@code log} (action {@code log}, {@code log.level}, {@code message}),
 * except a debug {@code Calling METHOD /vX.Y/PATH} line, which becomes an API call of kind {@code api} described
 * by {@link DockerApiCall} (action such as {@code container_create}, {@code exec_start}, {@code ping}). The
 * {@code form data: {...}} line that the daemon logs right after a call (its request body) is attached to that
 * call: the raw document of a call is an object with the logrus keys ({@code time}, {@code level},
 * {@code msg}, ...) plus {@code method}, {@code path}, {@code query}, {@code api_version} and {@code form}, and
 * the body of a container create or exec create is normalized (image, command, privileges, host mounts, ...).
 * The reader therefore holds each call until the next line arrives. A form that is not valid JSON is reported
 * (the call itself is kept, without it). A line that is neither logrus nor a JSON record, or has no readable
 * time, is rejected.
 */
public final class DockerdLogReader implements SourceReader {
    public static final String TYPE = "dockerd_log";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String FORM = "form data:";
    private static final Pattern EXEC_START = Pattern.compile("starting exec command (\\w+) in container (\\w+)");
    /** Service records of an endpoint joining a network: name or short id, then IPv4 address. */
    private static final Pattern SVC_RECORD =
            Pattern.compile("(add|delete)SvcRecords\\(([0-9a-f]{12}), ([0-9.]+|[0-9a-fA-F:]+),");
    /** An API handler that failed: method, path, error. */
    private static final Pattern HANDLER_ERROR =
            Pattern.compile("^Handler for (GET|POST|PUT|DELETE|HEAD|PATCH) (\\S+) returned error: (.*)$", Pattern.DOTALL);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Docker daemon log (logrus text or JSON; debug level adds API calls and request bodies)";
    }

    @Override
    public int sniff(Head head) {
        int total = 0;
        int logrus = 0;
        int json = 0;
        for (String l : head.lines()) {
            if (l.isBlank()) {
                continue;
            }
            total++;
            String s = l.strip();
            if (s.startsWith("{")) {
                if (s.contains("\"level\"") && s.contains("\"msg\"") && s.contains("\"time\"")) {
                    json++;
                }
            } else if (s.contains("level=") && s.contains("msg=") && LogfmtLine.parse(s) != null) {
                logrus++;
            }
        }
        if (total == 0) {
            return 0;
        }
        boolean docker = head.text().contains("Calling ") || head.text().contains("dockerd");
        if (logrus * 2 >= total && logrus > 0) {
            return docker ? 90 : 70;
        }
        if (json * 2 >= total && json > 0) {
            return docker ? 70 : 40;
        }
        return 0;
    }

    @Override
    public EventStream open(Reader in, ReadContext ctx) {
        return new Stream(in, ctx);
    }

    /** An API call waiting for the line after it (which may be its request body). */
    private record Pending(EventBuilder builder, ObjectNode raw, String action, long line) {
    }

    private static final class Stream extends LineEventStream {
        private Pending pending;

        Stream(Reader in, ReadContext ctx) {
            super(in, ctx);
        }

        @Override
        protected void onLine(String line, long lineNo) {
            if (line.isBlank()) {
                return;
            }
            ObjectNode raw = parse(line, lineNo);
            String msg = raw == null ? null : message(raw);
            if (pending != null) {
                Pending call = pending;
                pending = null;
                if (msg != null && msg.startsWith(FORM)) {
                    attachForm(call, msg.substring(FORM.length()).trim(), lineNo);
                    emit(call.builder().raw(call.raw()).build());
                    return;
                }
                emit(call.builder().raw(call.raw()).build());
            }
            if (raw == null) {
                return; // rejected by parse
            }
            Long time = time(raw);
            if (time == null) {
                ctx.reject(lineNo, "dockerd log line without a readable time");
                return;
            }
            EventBuilder b = Event.builder(TYPE).time(time).origin(ctx.origin(lineNo));
            String level = ReaderSupport.text(raw, "level");
            b.put(Fields.LOG_LEVEL, level == null ? null : level.toLowerCase(Locale.ROOT));
            if (msg != null && DockerApiCall.describe(msg, raw, b)) {
                pending = new Pending(b, raw, (String) b.get(Fields.EVENT_ACTION), lineNo);
                return;
            }
            b.put(Fields.EVENT_KIND, "log");
            b.put(Fields.EVENT_ACTION, "log");
            b.put(Fields.MESSAGE, msg);
            String container = ReaderSupport.text(raw, "container");
            if (ReaderSupport.isContainerId(container)) {
                b.put(Fields.CONTAINER_ID, container);
            }
            if (msg != null) {
                Matcher m = EXEC_START.matcher(msg);
                if (m.find()) {
                    b.put(Fields.DOCKER_EXEC_ID, m.group(1));
                    b.put(Fields.CONTAINER_ID, m.group(2));
                }
                Matcher svc = SVC_RECORD.matcher(msg);
                if (svc.find()) {
                    b.put(Fields.EVENT_KIND, "network");
                    b.put(Fields.EVENT_ACTION, svc.group(1).equals("add") ? "endpoint_add" : "endpoint_delete");
                    b.put(Fields.CONTAINER_ID, svc.group(2));
                    if (svc.group(1).equals("add")) {
                        b.put(Fields.CONTAINER_IPS, java.util.List.of(svc.group(3)));
                    }
                }
                Matcher err = HANDLER_ERROR.matcher(msg);
                if (err.find()) {
                    DockerApiCall.describe(err.group(1), err.group(2), raw, b);
                    b.put(Fields.DOCKER_FAILED_ACTION, b.get(Fields.EVENT_ACTION));
                    b.put(Fields.EVENT_ACTION, "api_error");
                    b.put(Fields.EVENT_OUTCOME, "failure");
                    b.put(Fields.ERROR_MESSAGE, err.group(3));
                }
            }
            emit(b.raw(raw).build());
        }

        @Override
        protected void onEnd() {
            if (pending != null) {
                Pending call = pending;
                pending = null;
                emit(call.builder().raw(call.raw()).build());
            }
        }

        private void attachForm(Pending call, String json, long lineNo) {
            JsonNode form;
            try {
                form = MAPPER.readTree(json);
            } catch (JsonProcessingException e) {
                ctx.reject(lineNo, "form data of the API call on line " + call.line()
                        + " is not valid JSON (call kept without it): " + LineEventStream.describe(e));
                return;
            }
            if (form == null || form.isMissingNode()) {
                return;
            }
            call.raw().set("form", form);
            DockerApiCall.putForm(call.builder(), call.action(), form);
        }

        /** The line's keys, or null after rejecting it. */
        private ObjectNode parse(String line, long lineNo) {
            String s = line.strip();
            if (s.startsWith("{")) {
                JsonNode n;
                try {
                    n = MAPPER.readTree(s);
                } catch (JsonProcessingException e) {
                    ctx.reject(lineNo, "malformed JSON dockerd log record: " + LineEventStream.describe(e));
                    return null;
                }
                if (n instanceof ObjectNode o && (o.has("msg") || o.has("message") || o.has("level"))) {
                    return o;
                }
                ctx.reject(lineNo, "not a dockerd log record: a JSON object with \"level\" and \"msg\" expected");
                return null;
            }
            ObjectNode o = LogfmtLine.parse(s);
            if (o == null || !(o.has("msg") || o.has("level"))) {
                ctx.reject(lineNo, "not a dockerd log line: expected time=\"...\" level=... msg=\"...\" "
                        + "or a JSON record");
                return null;
            }
            return o;
        }
    }

    static String message(ObjectNode raw) {
        String m = ReaderSupport.text(raw, "msg");
        return m != null ? m : ReaderSupport.text(raw, "message");
    }

    /** The {@code time} key, else the first word of a prefix (Docker Desktop); null when neither reads. */
    static Long time(ObjectNode raw) {
        JsonNode num = raw.get("time");
        if (num != null && num.isNumber() && Double.isFinite(num.doubleValue())) {
            return Times.ofEpochNumber(num.doubleValue());
        }
        String t = ReaderSupport.text(raw, "time");
        if (t == null) {
            String prefix = ReaderSupport.text(raw, "_prefix");
            t = prefix == null ? null : prefix.split("\\s+")[0];
        }
        if (t == null) {
            return null;
        }
        try {
            return Times.parse(t);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null;
        }
    }
}
