package io.keelwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Origin;
import io.keelwatch.event.Times;

import java.io.IOException;
import java.io.Reader;

/**
 * Docker Engine API container stats ({@code GET /containers/{id}/stats}): one JSON object per line as the
 * streaming endpoint sends them, or pretty-printed documents.
 *
 * <p>Time from {@code read}. CPU percent as the docker CLI computes it: the container's CPU time delta over the
 * system's, times the number of CPUs ({@code online_cpus}, else the length of {@code percpu_usage}), times
 * 100; no value when there is no previous sample ({@code precpu_stats} empty). Memory usage leaves out the
 * page cache the way the CLI does: {@code total_inactive_file} (cgroup v1), {@code inactive_file} (v2), else
 * {@code cache}. Network bytes are summed over the interfaces.
 */
public final class EngineStatsReader implements SourceReader {
    public static final String TYPE = "engine_stats";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Docker Engine API container stats JSON (/containers/{id}/stats): CPU % from cpu/precpu deltas";
    }

    @Override
    public int sniff(Head head) {
        char c = head.firstChar();
        if (c != '{' && c != '[') {
            return 0;
        }
        String t = head.text();
        boolean cpu = t.contains("\"cpu_stats\"") || t.contains("\"precpu_stats\"");
        boolean mem = t.contains("\"memory_stats\"");
        boolean read = t.contains("\"read\"");
        if (cpu && mem && read) {
            return 92;
        }
        return cpu && (mem || read) ? 70 : 0;
    }

    @Override
    public EventStream open(Reader in, ReadContext ctx) throws IOException {
        return new JsonRecordStream(in, ctx) {
            @Override
            protected void onRecord(JsonNode r, Origin origin) {
                emit(toEvent(r, origin));
            }
        };
    }

    static Event toEvent(JsonNode r, Origin origin) {
        JsonNode cpu = r.path("cpu_stats");
        JsonNode mem = r.path("memory_stats");
        if (!r.has("read") && !cpu.isObject() && !mem.isObject()) {
            throw new IllegalArgumentException("not an Engine API stats record (no read, cpu_stats or memory_stats)");
        }
        EventBuilder b = Event.builder(TYPE).origin(origin).raw(r)
                .put(Fields.EVENT_KIND, "metric")
                .put(Fields.EVENT_ACTION, "stats");
        String read = r.path("read").asText("");
        if (read.isEmpty() || read.startsWith("0001-01-01")) {
            ValueParsers.timeUnknown(b);      // the engine's zero time: no sample time
        } else {
            b.time(Times.parse(read));
        }
        if (r.path("id").isTextual()) {
            b.put(Fields.CONTAINER_ID, r.get("id").asText());
        }
        if (r.path("name").isTextual()) {
            String name = r.get("name").asText();
            b.put(Fields.CONTAINER_NAME, name.startsWith("/") ? name.substring(1) : name);
        }
        b.put(Fields.CONTAINER_CPU_PCT, cpuPercent(cpu, r.path("precpu_stats")));

        Long usage = count(mem, "usage");
        if (usage != null) {
            JsonNode st = mem.path("stats");
            Long cache = count(st, "total_inactive_file");
            if (cache == null) {
                cache = count(st, "inactive_file");
            }
            if (cache == null) {
                cache = count(st, "cache");
            }
            if (cache != null && cache <= usage) {
                usage -= cache;
            }
            b.put(Fields.CONTAINER_MEMORY_BYTES, usage);
        }
        Long limit = count(mem, "limit");
        b.put(Fields.CONTAINER_MEMORY_LIMIT, limit);
        if (usage != null && limit != null && limit > 0) {
            b.put(Fields.CONTAINER_MEMORY_PCT, usage * 100.0 / limit);
        }
        JsonNode nets = r.path("networks");
        if (nets.isObject() && nets.size() > 0) {
            long rx = 0;
            long tx = 0;
            for (JsonNode n : nets) {
                rx += nonNegative(count(n, "rx_bytes"));
                tx += nonNegative(count(n, "tx_bytes"));
            }
            b.put(Fields.CONTAINER_NET_RX, rx);
            b.put(Fields.CONTAINER_NET_TX, tx);
        }
        b.put(Fields.CONTAINER_PIDS, count(r.path("pids_stats"), "current"));
        return b.build();
    }

    static Double cpuPercent(JsonNode cpu, JsonNode pre) {
        Long total = count(cpu.path("cpu_usage"), "total_usage");
        Long preTotal = count(pre.path("cpu_usage"), "total_usage");
        Long system = count(cpu, "system_cpu_usage");
        Long preSystem = count(pre, "system_cpu_usage");
        if (total == null || preTotal == null || system == null || preSystem == null || preSystem == 0) {
            return null;
        }
        long cpus = nonNegative(count(cpu, "online_cpus"));
        if (cpus == 0) {
            JsonNode per = cpu.path("cpu_usage").path("percpu_usage");
            cpus = per.isArray() ? per.size() : 0;
        }
        double cpuDelta = (double) total - preTotal;
        double systemDelta = (double) system - preSystem;
        if (cpus == 0 || systemDelta <= 0 || cpuDelta < 0) {
            return null;
        }
        return cpuDelta / systemDelta * cpus * 100.0;
    }

    private static long nonNegative(Long v) {
        return v == null || v < 0 ? 0 : v;
    }

    /** A whole number member, or null when absent; a present member that is not a number rejects the record. */
    private static Long count(JsonNode n, String member) {
        JsonNode v = n.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return (long) v.doubleValue();
        }
        throw new IllegalArgumentException(member + ": expected a number, found " + ValueParsers.abbreviate(v.toString()));
    }
}
