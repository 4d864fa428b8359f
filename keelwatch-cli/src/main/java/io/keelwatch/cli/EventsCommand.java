package io.keelwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code keelwatch events}: prints the normalized events of the inputs, merged in time order. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Read files of any supported format and print one normalized event per line, in time order.")
final class EventsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    InputOptions input;

    @Option(names = {"-o", "--format"}, defaultValue = "table", paramLabel = "FORMAT",
            description = "table or json (one JSON object per event). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--raw", description = "With --format json, include the native record under \"raw\".")
    boolean raw;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("json") && !format.equals("table")) {
            throw new Main.UsageError("--format must be table or json, not '" + format + "'");
        }
        PrintStream err = System.err;
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16));
        boolean table = format.equals("table");
        if (table) {
            out.println(String.format("%-30s %-14s %-18s %-28s %s", "TIME", "SOURCE", "ACTION", "ENTITY", "DETAIL"));
        }
        InputOptions.Read r = input.read(err, e -> out.println(table ? row(e) : json(e, raw)));
        out.flush();
        return input.finish(r, err);
    }

    static String json(Event e, boolean withRaw) {
        ObjectNode n = JSON.createObjectNode();
        n.put("time", Times.format(e.timeNanos()));
        n.put("source", e.source());
        for (Map.Entry<String, Object> f : e.fields().entrySet()) {
            n.set(f.getKey(), JSON.valueToTree(f.getValue()));
        }
        if (e.origin() != null) {
            n.put("origin", e.origin().toString());
        }
        if (withRaw && e.raw() != null) {
            n.set("raw", e.raw());
        }
        return n.toString();
    }

    static String row(Event e) {
        String entity = first(e, "container.name", "orchestrator.resource.name", "container.id", "user.name", "source.ip");
        String detail = first(e, "process.command_line", "url.original", "container.image.name", "message",
                "destination.ip");
        if (e.field("destination.port") != null && e.field("destination.ip") != null) {
            detail = e.string("source.ip") + " -> " + e.string("destination.ip") + ":" + e.string("destination.port");
        }
        return String.format("%-30s %-14s %-18s %-28s %s", Times.format(e.timeNanos()), Terminal.cell(e.source(), 14),
                Terminal.cell(e.action(), 18), Terminal.cell(entity, 28), detail == null ? "" : detail);
    }

    private static String first(Event e, String... names) {
        for (String n : names) {
            String v = e.string(n);
            if (v != null) {
                return v;
            }
        }
        return "";
    }
}
