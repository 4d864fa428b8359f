package io.keelwatch.rule;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;
import io.keelwatch.rule.parse.Loc;
import io.keelwatch.rule.parse.Nodes;
import io.keelwatch.rule.parse.Problems;
import io.keelwatch.rule.parse.SourceFile;
import io.keelwatch.rule.parse.YNode;
import io.keelwatch.rule.parse.YamlTreeReader;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.source.EventStream;
import io.keelwatch.source.ReadContext;
import io.keelwatch.source.SourceReader;
import io.keelwatch.source.Sources;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs rule test samples: true positives ({@code expect: match}) and true negatives ({@code expect: no_match})
 * written as native records and read through the source's own reader, so a sample tests the reader's
 * normalization and the rule together. Sample file:
 * <pre>
 * samples:
 *   - rule: k8s-exec-into-pod
 *     source: k8s_audit
 *     expect: match
 *     name: kubectl exec by a person     # optional
 *     event: {...the native JSON record...}
 *   - rule: some-dockerd-rule
 *     source: dockerd_log
 *     expect: no_match
 *     line: 'time="..." level=info msg="..."'   # text formats: the raw line instead of event
 *   - rule: container-ephemeral-burst           # several records, run through a fresh pipeline
 *     expect: match
 *     events:
 *       - {source: docker_events, event: {...}}
 *       - {source: dockerd_log, line: '...'}
 * </pre>
 * Samples with {@code events}, and every sample of a stateful rule, run through a fresh
 * {@code io.keelwatch.engine.Pipeline} (see {@link SampleReplay}): they match when the pipeline raises an alert of
 * the rule.
 * A sample passes when the rule fires ({@link Verdict#MATCH}) for {@code match}, and when it doesn't (no
 * match, an exception, or an allow-list) for {@code no_match}. The rule is tested whether enabled or not.
 */
public final class SampleRunner {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> KEYS = List.of("rule", "source", "expect", "event", "line", "events", "name");

    public enum Expect {
        MATCH, NO_MATCH;

        public String label() {
            return this == MATCH ? "match" : "no_match";
        }
    }

    /**
     * The outcome of one sample: {@code actual} is null when the sample could not be run ({@code error} says
     * why).
     */
    public record Result(String file, int line, int index, String rule, String name, Expect expected,
                         Verdict actual, String error) {
        public boolean passed() {
            return error == null && actual != null && (expected == Expect.MATCH) == actual.fires();
        }

        public boolean matched() {
            return actual != null && actual.fires();
        }

        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("file", file);
            o.put("line", line);
            o.put("index", index);
            o.put("rule", rule);
            o.put("name", name);
            o.put("expected", expected == null ? null : expected.label());
            o.put("actual", actual == null ? null : actual.name().toLowerCase());
            o.put("passed", passed());
            o.put("error", error);
            return o;
        }
    }

    /** All results of a run, plus problems with the sample files themselves. */
    public record Report(List<Result> results, List<RuleError> errors) {
        public Report {
            results = List.copyOf(results);
            errors = List.copyOf(errors);
        }

        public long passed() {
            return results.stream().filter(Result::passed).count();
        }

        public long failed() {
            return results.size() - passed();
        }

        public boolean ok() {
            return errors.isEmpty() && failed() == 0;
        }

        public Report plus(Report other) {
            List<Result> r = new ArrayList<>(results);
            r.addAll(other.results);
            List<RuleError> e = new ArrayList<>(errors);
            e.addAll(other.errors);
            return new Report(r, e);
        }

        /** Enabled rules of {@code set} that lack a sample expecting {@code expect}. */
        public List<String> rulesWithout(CompiledRuleSet set, Expect expect) {
            List<String> out = new ArrayList<>();
            for (RuleDescriptor d : set.rules()) {
                if (d.enabled() && results.stream().noneMatch(r -> r.rule().equals(d.id()) && r.expected() == expect)) {
                    out.add(d.id());
                }
            }
            return out;
        }
    }

    private final CompiledRuleSet ruleSet;
    private final Sources sources;

    public SampleRunner(CompiledRuleSet ruleSet) {
        this(ruleSet, Sources.defaults());
    }

    public SampleRunner(CompiledRuleSet ruleSet, Sources sources) {
        this.ruleSet = ruleSet;
        this.sources = sources;
    }

    public Report run(Path file) {
        try {
            return run(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Report(List.of(), List.of(RuleError.of(file.toString(), "cannot read sample file: " + e)));
        }
    }

    /** Runs the samples of one file's text. */
    public Report run(String fileName, String text) {
        Problems p = new Problems();
        SourceFile f = new SourceFile(fileName, text);
        List<Result> results = new ArrayList<>();
        for (YNode doc : YamlTreeReader.read(f, p)) {
            if (doc instanceof YNode.Scalar s && s.isNull()) {
                continue;
            }
            YNode list = doc instanceof YNode.Map m ? m.get("samples") : null;
            if (!(list instanceof YNode.Seq seq)) {
                p.error(doc.loc(), "a sample file is a mapping with a 'samples' list");
                continue;
            }
            int index = 0;
            for (YNode n : seq.items()) {
                Result r = runOne(n, fileName, index++, p);
                if (r != null) {
                    results.add(r);
                }
            }
        }
        return new Report(results, p.errors());
    }

    private Result runOne(YNode n, String file, int index, Problems p) {
        if (!(n instanceof YNode.Map m)) {
            p.error(n.loc(), "a sample must be a mapping (rule, source, expect, event, line or events)");
            return null;
        }
        for (YNode.Entry e : m.entries()) {
            if (!KEYS.contains(e.key())) {
                p.error(e.keyLoc(), "unknown sample key '" + e.key() + "' (expected " + KEYS + ")");
            }
        }
        Loc loc = m.loc();
        String rule = Nodes.string(m.get("rule"), "'rule'", p);
        String source = Nodes.string(m.get("source"), "'source'", p);
        String expectText = Nodes.string(m.get("expect"), "'expect'", p);
        String name = Nodes.string(m.get("name"), "'name'", p);
        Expect expect = "match".equals(expectText) ? Expect.MATCH : "no_match".equals(expectText)
                ? Expect.NO_MATCH : null;
        YNode many = m.get("events");
        if (rule == null || (source == null && many == null) || expect == null) {
            p.error(loc, "a sample needs rule, source and expect (match or no_match)");
            return null;
        }
        List<YNode.Map> records = new ArrayList<>();
        if (many != null) {
            if (m.has("event") || m.has("line")) {
                p.error(loc, "a sample has either 'events' (a list) or one 'event' or 'line', not both");
                return null;
            }
            if (!(many instanceof YNode.Seq seq) || seq.items().isEmpty()) {
                p.error(many.loc(), "'events' must be a non-empty list of {source, event} or {source, line}");
                return null;
            }
            for (YNode item : seq.items()) {
                if (!(item instanceof YNode.Map im) || !validRecord(im, source, p)) {
                    if (!(item instanceof YNode.Map)) {
                        p.error(item.loc(), "each of 'events' is a mapping: {source, event} or {source, line}");
                    }
                    return null;
                }
                records.add(im);
            }
        } else {
            if (!validRecord(m, source, p)) {
                return null;
            }
            records.add(m);
        }
        String err = null;
        Verdict actual = null;
        if (ruleSet.rule(rule).isEmpty()) {
            err = "unknown rule '" + rule + "'";
        } else {
            try {
                List<Event> events = new ArrayList<>();
                int k = 0;
                for (YNode.Map r : records) {
                    String src = r.has("source") ? Nodes.string(r.get("source"), "'source'", p) : source;
                    String where = file + "#" + index + (many == null ? "" : "." + k);
                    err = readRecord(r, src, where, events, p);
                    k++;
                    if (err != null) {
                        break;
                    }
                }
                if (err == null) {
                    boolean replay = many != null || SampleReplay.isStateful(ruleSet, rule);
                    actual = replay ? SampleReplay.verdict(ruleSet, rule, events) : verdict(rule, events);
                }
            } catch (IOException | RuntimeException e) {
                err = "could not run the sample: " + e;
            }
        }
        return new Result(file, loc.line(), index, rule, name, expect, actual, err);
    }

    /** A record has a source (its own or the sample's) and exactly one of 'event' or 'line'. */
    private static boolean validRecord(YNode.Map r, String defaultSource, Problems p) {
        if (r.get("source") == null && defaultSource == null) {
            p.error(r.loc(), "an event of a sample needs a 'source'");
            return false;
        }
        if ((r.get("event") == null) == (r.get("line") == null)) {
            p.error(r.loc(), "a sample needs exactly one of 'event' (the native record) or 'line' (raw text)");
            return false;
        }
        return true;
    }

    /** Reads one record through its source's reader into {@code out}; an error text, or null. */
    private String readRecord(YNode.Map r, String source, String where, List<Event> out, Problems p)
            throws IOException {
        Optional<SourceReader> reader = sources.byType(source);
        if (reader.isEmpty()) {
            return "unknown source type '" + source + "'";
        }
        YNode line = r.get("line");
        String text = line != null ? Nodes.string(line, "'line'", p) : MAPPER.writeValueAsString(r.get("event").toJson());
        List<String> rejects = new ArrayList<>();
        List<Event> events = read(reader.get(), source, where, text == null ? "" : text, rejects);
        if (!rejects.isEmpty()) {
            return "the " + source + " reader rejected the sample: " + String.join("; ", rejects);
        }
        if (events.isEmpty()) {
            return "the " + source + " reader produced no event from the sample";
        }
        out.addAll(events);
        return null;
    }

    private static List<Event> read(SourceReader reader, String source, String name, String text,
                                    List<String> rejects) throws IOException {
        Diagnostics d = new Diagnostics(r -> rejects.add(r.reason()));
        List<Event> out = new ArrayList<>();
        try (EventStream s = reader.open(new StringReader(text), new ReadContext(name, source, d))) {
            Event e;
            while ((e = s.next()) != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** MATCH if any event fires the rule, else the most telling other verdict. */
    private Verdict verdict(String rule, List<Event> events) {
        Verdict best = Verdict.NO_MATCH;
        for (Event e : events) {
            Verdict v = ruleSet.verdict(rule, e);
            if (v == Verdict.MATCH) {
                return v;
            }
            if (v != Verdict.NO_MATCH) {
                best = v;
            }
        }
        return best;
    }
}
