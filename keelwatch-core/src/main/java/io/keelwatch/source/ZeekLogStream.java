package io.keelwatch.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.Origin;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Lines of a Zeek log turned into records (ObjectNodes keyed by the native field names): the TSV form, typed by
 * its {@code #separator}, {@code #set_separator}, {@code #empty_field}, {@code #unset_field}, {@code #fields} and
 * {@code #types} header (which may start again further on, after {@code #close}), and the JSON form (one object
 * per line). Unset values are left out, sets become arrays, times and intervals stay exact decimals.
 */
final class ZeekLogStream extends LineEventStream {
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final String path;
    private final BiFunction<ObjectNode, Origin, Event> toEvent;
    private String separator = "\t";
    private String setSeparator = ",";
    private String emptyField = "(empty)";
    private String unsetField = "-";
    private List<String> fields;
    private List<String> types;
    private Columns columns;

    /**
     * @param path    the log's {@code #path} / JSON {@code _path} (e.g. {@code conn}); JSON records of another
     *                path are rejected
     * @param toEvent turns one record into an event; throws IllegalArgumentException to reject it
     */
    ZeekLogStream(Reader in, ReadContext ctx, String path, BiFunction<ObjectNode, Origin, Event> toEvent) {
        super(in, ctx);
        this.path = path;
        this.toEvent = toEvent;
    }

    @Override
    protected void onLine(String line, long lineNo) throws IOException {
        if (line.isBlank()) {
            return;
        }
        Origin origin = Origin.of(ctx.file(), lineNo);
        if (line.startsWith("#")) {
            header(line);
            return;
        }
        ObjectNode record;
        if (line.strip().startsWith("{")) {
            JsonNode n;
            try {
                n = EXACT.readTree(line);
            } catch (JsonProcessingException e) {
                ctx.reject(lineNo, "malformed JSON: " + describe(e));
                return;
            }
            if (!(n instanceof ObjectNode o)) {
                ctx.reject(lineNo, "expected a JSON object");
                return;
            }
            String p = o.path("_path").asText(path);
            if (!p.equals(path)) {
                ctx.reject(lineNo, "not a " + path + " record (_path " + ValueParsers.abbreviate(p) + ")");
                return;
            }
            record = o;
        } else {
            if (fields == null) {
                ctx.reject(lineNo, "data line before any #fields header");
                return;
            }
            if (columns == null) {
                columns = columns();
            }
            String[] values = Columns.split(line, separator);
            int ts = columns.indexOf("ts");
            if (ts >= 0 && ts < values.length && values[ts].matches("X+(\\.X+)?")) {
                ctx.reject(lineNo, "ts is masked ('" + values[ts] + "'): the record has no time");
                return;
            }
            record = columns.record(values);
        }
        emit(toEvent.apply(record, origin));
    }

    private void header(String line) {
        int cut = line.indexOf(separator);
        String key = cut < 0 ? line : line.substring(0, cut);
        String value = cut < 0 ? "" : line.substring(cut + separator.length());
        if (line.startsWith("#separator")) {
            separator = unescape(line.substring("#separator".length()).strip());
            if (separator.isEmpty()) {
                separator = "\t";
            }
            return;
        }
        switch (key) {
            case "#set_separator" -> setSeparator = unescape(value);
            case "#empty_field" -> emptyField = unescape(value);
            case "#unset_field" -> unsetField = unescape(value);
            case "#fields" -> {
                fields = List.of(Columns.split(value, separator));
                types = null;
                columns = null;
            }
            case "#types" -> {
                types = List.of(Columns.split(value, separator));
                columns = null;
            }
            default -> {
                // #path, #open, #close and comments carry nothing a record needs
            }
        }
    }

    private Columns columns() {
        List<Function<String, JsonNode>> conv = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            String t = types != null && types.size() == fields.size() ? types.get(i) : guessType(fields.get(i));
            conv.add(converter(t));
        }
        return new Columns(fields, conv, Set.of(unsetField));
    }

    private static String guessType(String name) {
        if (name.equals("ts") || name.equals("duration") || name.endsWith("_ts")) {
            return "time";
        }
        if (name.endsWith("_p") || name.endsWith("_bytes") || name.endsWith("_pkts")) {
            return "count";
        }
        return "string";
    }

    private Function<String, JsonNode> converter(String type) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (type.startsWith("set[") || type.startsWith("vector[")) {
            return v -> {
                ArrayNode a = f.arrayNode();
                if (!v.equals(emptyField)) {
                    for (String s : Columns.split(v, setSeparator)) {
                        a.add(unescape(s));
                    }
                }
                return a;
            };
        }
        return switch (type) {
            case "time", "interval", "double" -> Columns::decimal;
            case "count", "int", "port" -> Columns::integer;
            case "bool" -> v -> switch (v) {
                case "T" -> f.booleanNode(true);
                case "F" -> f.booleanNode(false);
                default -> throw new IllegalArgumentException("not a bool (T/F) '" + ValueParsers.abbreviate(v) + "'");
            };
            default -> v -> f.textNode(v.equals(emptyField) ? "" : unescape(v));
        };
    }

    /** Decodes Zeek's \xHH escapes. */
    static String unescape(String s) {
        if (s.indexOf("\\x") < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.charAt(i + 1) == 'x'
                    && Character.digit(s.charAt(i + 2), 16) >= 0 && Character.digit(s.charAt(i + 3), 16) >= 0) {
                sb.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
