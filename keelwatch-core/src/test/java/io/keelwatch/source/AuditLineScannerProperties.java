package io.keelwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.event.Event;
import io.keelwatch.event.Origin;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit line scanner gives exactly the event the tree path gives, and accepts nothing the tree path would not:
 * lines in the usual shape and in odd ones (other types, nulls, escapes, duplicates, deep bodies, whitespace), and
 * the same lines with a character dropped, doubled or changed.
 */
class AuditLineScannerProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Origin ORIGIN = Origin.of("prop.jsonl", 1);
    /** One scanner for all tries, as a reader uses it: values it saw before come from its table. */
    private static final AuditLineScanner SCANNER = new AuditLineScanner();

    /** Values of any JSON type, the odd ones included. */
    private static final List<String> ANY = List.of("null", "true", "false", "0", "-0", "200", "200.0", "2e2", "-1",
            "01", "1.", "2147483648", "12345678901234567890", "\"\"", "\"x\"", "\"a\\\"b\"", "\"\\u00e9t\\u00E9\"",
            "\"tab\\there\"", "\"bad\\x\"", "\"\\ud83d\\ude00\"", "[]", "[\"\"]", "[\"a\",\"b\"]", "[1,\"a\"]", "[null]",
            "{}", "{\"a\":[1,{\"b\":null}],\"c\":-1.5e-3}", "{\"a\":}", "[1,]", "\"unterminated", "tru", "nul",
            "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"labels\":{\"app\":\"web\"}},\"spec\":{\"hostPID\":true,"
                    + "\"containers\":[{\"image\":\"i\",\"securityContext\":{\"privileged\":true}}],"
                    + "\"volumes\":[{\"hostPath\":{\"path\":\"/\"}}]}}",
            "{\"kind\":\"Deployment\",\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":\"d\"}]}}}}",
            "{\"metadata\":{\"name\":\"from-body\"}}");
    private static final List<String> TEXTS = List.of("\"get\"", "\"create\"", "\"delete\"", "\"\"", "\"pods\"",
            "\"exec\"", "\"attach\"", "\"ephemeralcontainers\"", "\"status\"", "\"kube-system\"", "\"system:anonymous\"",
            "\"/api/v1/namespaces/d/pods/p/exec?command=id&command=-u&container=c\"", "\"/api/v1/pods?watch=1\"",
            "\"2026-11-18T11:06:40.000095031Z\"", "\"2026-11-18T11:06:40Z\"", "\"2026-02-30T00:00:00Z\"",
            "\"2026-11-18T12:06:40+01:00\"", "\"not a time\"", "\"ResponseComplete\"", "\"with \\\"quotes\\\"\"",
            "\"caf\\u00e9\"");

    private static final List<String> TOP = List.of("kind", "apiVersion", "level", "auditID", "stage", "requestURI",
            "verb", "user", "sourceIPs", "userAgent", "objectRef", "responseStatus", "requestObject", "responseObject",
            "requestReceivedTimestamp", "stageTimestamp", "timestamp", "annotations", "items", "extra");
    private static final List<String> WS = List.of("", "", "", " ", "\t", "\r  ");

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> name = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.of(TOP)),
                net.jqwik.api.Tuple.of(4, Arbitraries.of("apiVersion", "level", "auditID", "annotations", "extra")));
        Arbitrary<String> member = Combinators.combine(name, value(), Arbitraries.of(WS))
                .as((k, v, w) -> "\"" + k + "\"" + w + ":" + w + v);
        return Combinators.combine(usual(), member.list().ofMaxSize(4), Arbitraries.of(WS), Arbitraries.integers())
                .as((base, extra, w, seed) -> {
                    List<String> members = new ArrayList<>(base);
                    for (int k = 0; k < extra.size(); k++) {
                        members.add(Math.floorMod(seed + k, members.size() + 1), extra.get(k));
                    }
                    return w + "{" + String.join("," + w, members) + "}" + w;
                });
    }

    /** The members of an ordinary event, with usual values most of the time. */
    private Arbitrary<List<String>> usual() {
        Arbitrary<String> text = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(40, Arbitraries.of(TEXTS)), net.jqwik.api.Tuple.of(1, Arbitraries.of(ANY)));
        Arbitrary<String> time = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(20, Arbitraries.of(
                "\"2026-11-18T11:06:40.000095031Z\"", "\"2026-11-18T11:06:40Z\"", "\"2026-11-18T12:06:40.5+01:00\"")),
                net.jqwik.api.Tuple.of(1, text));
        Arbitrary<String> user = Combinators.combine(text, Arbitraries.of("[\"system:masters\",\"\"]", "[]", "\"g\"",
                "[\"a\",\"a\"]", "null"), Arbitraries.of("", ",\"extra\":{\"k\":[\"v\"]}", ",\"uid\":\"u-1\"",
                ",\"username\":\"dup\""))
                .as((name, groups, more) -> "{\"username\":" + name + ",\"groups\":" + groups + more + "}");
        Arbitrary<String> ref = Combinators.combine(text, text, text, Arbitraries.of("", ",\"name\":\"n\"",
                ",\"apiGroup\":\"apps\"", ",\"name\":\"\"", ",\"apiVersion\":\"v1\""))
                .as((res, sub, ns, more) -> "{\"resource\":" + res + ",\"subresource\":" + sub + ",\"namespace\":" + ns
                        + more + "}");
        Arbitrary<String> status = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of("{\"code\":200}", "{\"metadata\":{},\"code\":403}",
                        "{\"code\":201,\"status\":\"Failure\"}", "{}")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(ANY).map(v -> "{\"code\":" + v + "}")));
        return Combinators.combine(List.of(text, text, time, user, ref, status, text, text,
                        Arbitraries.of(ANY).injectNull(0.7)))
                .as(v -> {
                    List<String> m = new ArrayList<>(List.of("\"kind\":\"Event\"", "\"verb\":" + v.get(0),
                            "\"requestURI\":" + v.get(1), "\"stageTimestamp\":" + v.get(2), "\"user\":" + v.get(3),
                            "\"objectRef\":" + v.get(4), "\"responseStatus\":" + v.get(5), "\"userAgent\":" + v.get(6),
                            "\"sourceIPs\":[" + v.get(7) + "]"));
                    if (v.get(8) != null) {
                        m.add("\"requestObject\":" + v.get(8));
                    }
                    return m;
                });
    }

    private Arbitrary<String> value() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.of(ANY)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(TEXTS)));
    }

    @Property(tries = 3000)
    void sameEventAsTheTreeAndNothingMore(@ForAll("lines") String line) {
        check(line);
        Statistics.coverage(c -> c.check("scanned").percentage(p -> p > 10));
    }

    @Property(tries = 3000)
    void damagedLines(@ForAll("lines") String line, @ForAll int at, @ForAll("damage") String damage) {
        int k = Math.floorMod(at, line.length());
        SCANNER.read(line);      // the line as it was, just before: what the scanner remembers of it changes nothing
        check(switch (damage) {
            case "drop" -> line.substring(0, k) + line.substring(k + 1);
            case "double" -> line.substring(0, k + 1) + line.substring(k);
            default -> line.substring(0, k) + damage + line.substring(k + 1);
        });
    }

    @Provide
    Arbitrary<String> damage() {
        return Arbitraries.of("drop", "double", "\"", "\\", "{", "}", "[", "]", ",", ":", " ", "\n", "\u0001", "x", "0",
                "\u00e9");
    }

    /**
     * The line read before its end is known, in a buffer with the next line after it: the same as read whole, with
     * either line terminator; nothing when its end is not in the bytes at hand.
     */
    private static void checkOpen(String line, AuditLineScanner.Read whole) {
        String before = "{\"verb\":\"x\"}\n";
        for (String terminator : List.of("\n", "\r\n")) {
            byte[] buffer = (before + line + terminator + "{\"verb\":\"y\"}\u0000").getBytes(StandardCharsets.US_ASCII);
            AuditLineScanner.Read open = SCANNER.readOpen(buffer, before.length(), buffer.length - 1);
            assertThat(open == null).as(line).isEqualTo(whole == null);
            if (open != null) {
                assertThat(SCANNER.newline()).isEqualTo(before.length() + line.length() + terminator.length() - 1);
                assertThat(open.raw().text()).isEqualTo(line);
                assertThat(open.time()).isEqualTo(whole.time());
                Event a = K8sAuditReader.toEvent(Event.builder(K8sAuditReader.TYPE).rawText(open.raw()), open.parts(),
                        open.time(), ORIGIN);
                Event b = K8sAuditReader.toEvent(Event.builder(K8sAuditReader.TYPE).rawText(whole.raw()),
                        whole.parts(), whole.time(), ORIGIN);
                assertThat(List.copyOf(a.fields().entrySet())).as(line).isEqualTo(List.copyOf(b.fields().entrySet()));
            }
        }
        byte[] unended = (before + line + "\u0000").getBytes(StandardCharsets.US_ASCII);
        assertThat(SCANNER.readOpen(unended, before.length(), unended.length - 1)).as("no newline yet").isNull();
    }

    private static void check(String line) {
        AuditLineScanner.Read fast = SCANNER.read(line);
        // what the scanner remembers of the lines before (names in their order, repeated texts) changes nothing
        AuditLineScanner.Read fresh = new AuditLineScanner().read(line);
        assertThat(fresh == null).as(line).isEqualTo(fast == null);
        // the same line read in place, inside a buffer with other text before it and a NUL after it (only ASCII
        // lines are read so; the scanner leaves any other line to the tree path)
        String before = "{\"verb\":\"x\"}\u0000";
        byte[] buffer = (before + line + "\u0000\"tail\"").getBytes(StandardCharsets.UTF_8);
        boolean ascii = buffer.length == before.length() + line.length() + 7;
        AuditLineScanner.Read inPlace = ascii ? SCANNER.read(buffer, before.length(), line.length()) : null;
        assertThat(inPlace == null).as(line).isEqualTo(fast == null);
        if (inPlace != null) {
            assertThat(inPlace.time()).isEqualTo(fast.time());
            assertThat(inPlace.raw().text()).isEqualTo(line);
            Event a = K8sAuditReader.toEvent(Event.builder(K8sAuditReader.TYPE).rawText(inPlace.raw()),
                    inPlace.parts(), inPlace.time(), ORIGIN);
            Event b = K8sAuditReader.toEvent(Event.builder(K8sAuditReader.TYPE).rawText(fast.raw()), fast.parts(),
                    fast.time(), ORIGIN);
            assertThat(List.copyOf(a.fields().entrySet())).as(line).isEqualTo(List.copyOf(b.fields().entrySet()));
        }
        if (ascii && line.indexOf('\n') < 0) {
            checkOpen(line, fast);
        }
        Statistics.collect(fast == null ? "tree path" : "scanned");
        if (fast == null) {
            return;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("scanned a line that does not parse: " + line, e);
        }
        assertThat(tree.isObject()).as(line).isTrue();
        assertThat(K8sAuditReader.rejection(tree)).as(line).isNull();
        Event expected = K8sAuditReader.toEvent(Event.builder(K8sAuditReader.TYPE).raw(tree), tree,
                K8sAuditReader.time(tree), ORIGIN);
        Event actual = K8sAuditReader.toEvent(Event.builder(K8sAuditReader.TYPE).rawText(fast.raw()), fast.parts(),
                fast.time(), ORIGIN);
        assertThat(actual.timeNanos()).as(line).isEqualTo(expected.timeNanos());
        assertThat(List.copyOf(actual.fields().entrySet())).as(line)
                .isEqualTo(List.copyOf(expected.fields().entrySet()));
        assertThat(actual.raw()).as(line).isEqualTo(tree);
        assertThat(new java.util.LinkedHashSet<>(List.of(fast.raw().keys()))).as(line)
                .containsExactlyElementsOf(iterable(tree.fieldNames()));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
