package io.keelwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Origin;
import io.keelwatch.event.Times;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code docker inspect} output for containers: a JSON array of container objects (the usual form), a single
 * object, or one object per line. One event per container, of kind and action {@code inventory}, at
 * {@code State.StartedAt} (else {@code Created}; a container that never ran has the zero time
 * {@code 0001-01-01T00:00:00Z} there). The inventory learns names, images, labels and IP addresses from these.
 *
 * <p>Normalized: {@code container.id}, {@code container.name} (without the leading '/'),
 * {@code container.image.name} ({@code Config.Image}), {@code container.labels} ({@code Config.Labels}),
 * {@code container.command_line} ({@code Path} and {@code Args}), {@code container.runtime}, the
 * {@code HostConfig} security fields (privileged, host namespaces, capabilities, devices, log driver, ...),
 * {@code container.mounts.host_paths} (bind {@code Mounts} and {@code HostConfig.Binds}),
 * {@code container.exit_code} of a stopped container, and {@code container.ip}: every
 * {@code NetworkSettings.Networks[*].IPAddress} and {@code NetworkSettings.IPAddress}. An object without a
 * container {@code Id} (an image, for instance) is rejected.
 */
public final class DockerInspectReader implements SourceReader {
    public static final String TYPE = "docker_inspect";
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "docker inspect output for containers (JSON array, object or JSON lines): the container inventory";
    }

    @Override
    public int sniff(Head head) {
        char c = head.firstChar();
        if (c != '[' && c != '{') {
            return 0;
        }
        String t = head.text();
        if (t.contains("\"Id\"") && t.contains("\"HostConfig\"") && (t.contains("\"State\"") || t.contains("\"Config\""))) {
            return 90;
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
            String id = ReaderSupport.text(rec, "Id");
            if (id == null) {
                ctx.reject(origin, "not a docker inspect container object: no \"Id\"");
                return;
            }
            if (rec.has("RepoTags") || !(rec.has("State") || rec.has("HostConfig") || rec.has("Config"))) {
                ctx.reject(origin, "not a docker inspect container object (an image or another object): " + id);
                return;
            }
            emit(toEvent(rec, id, origin));
        }
    }

    static Event toEvent(JsonNode rec, String id, Origin origin) {
        EventBuilder b = Event.builder(TYPE).time(time(rec)).raw(rec).origin(origin);
        b.put(Fields.EVENT_KIND, "inventory");
        b.put(Fields.EVENT_ACTION, "inventory");
        b.put(Fields.CONTAINER_ID, id);
        String name = ReaderSupport.text(rec, "Name");
        b.put(Fields.CONTAINER_NAME, name != null && name.startsWith("/") ? name.substring(1) : name);
        JsonNode config = rec.get("Config");
        b.put(Fields.CONTAINER_IMAGE, ReaderSupport.text(config, "Image"));
        b.put(Fields.CONTAINER_LABELS, ReaderSupport.stringMap(ReaderSupport.at(config, "Labels")));
        List<String> cmd = new ArrayList<>(ReaderSupport.strings(rec.get("Path")));
        cmd.addAll(ReaderSupport.strings(rec.get("Args")));
        b.put(Fields.CONTAINER_COMMAND_LINE, cmd.isEmpty() ? null : String.join(" ", cmd));
        JsonNode hc = rec.get("HostConfig");
        b.put(Fields.CONTAINER_RUNTIME, ReaderSupport.text(hc, "Runtime"));
        ReaderSupport.putHostConfig(b, hc != null && hc.isObject() ? hc : null, rec.get("Mounts"));
        JsonNode state = rec.get("State");
        JsonNode exit = ReaderSupport.at(state, "ExitCode");
        if (exit != null && exit.canConvertToLong() && exit.isIntegralNumber()
                && !ReaderSupport.isTrue(ReaderSupport.at(state, "Running"))) {
            b.put(Fields.CONTAINER_EXIT_CODE, exit.longValue());
        }
        Set<String> ips = new LinkedHashSet<>();
        JsonNode ns = rec.get("NetworkSettings");
        JsonNode networks = ReaderSupport.at(ns, "Networks");
        if (networks != null && networks.isObject()) {
            networks.forEach(n -> {
                String ip = ReaderSupport.text(n, "IPAddress");
                if (ip != null) {
                    ips.add(ip);
                }
            });
        }
        String ip = ReaderSupport.text(ns, "IPAddress");
        if (ip != null) {
            ips.add(ip);
        }
        b.put(Fields.CONTAINER_IPS, new ArrayList<>(ips));
        return b.build();
    }

    /** State.StartedAt, else Created; 0 when neither is a real time. */
    static long time(JsonNode rec) {
        for (String t : new String[]{ReaderSupport.text(rec, "State", "StartedAt"), ReaderSupport.text(rec, "Created")}) {
            if (t != null && !t.startsWith(ZERO_TIME.substring(0, 10))) {
                try {
                    return Times.parse(t);
                } catch (IllegalArgumentException | ArithmeticException e) {
                    // try the next one
                }
            }
        }
        return 0L;
    }
}
