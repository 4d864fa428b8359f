package io.keelwatch.rule;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.source.EventStream;
import io.keelwatch.source.Head;
import io.keelwatch.source.ReadContext;
import io.keelwatch.source.SourceReader;
import io.keelwatch.source.Sources;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.Reader;
import java.util.Iterator;
import java.util.List;

import static io.keelwatch.rule.RuleTesting.fixture;
import static org.assertj.core.api.Assertions.assertThat;

class SampleRunnerTest {

    /** A toy JSON-lines reader: {"action":..,"user":..} becomes event.action and user.name; bad lines are rejected. */
    static final class ToyJsonReader implements SourceReader {
        @Override
        public String type() {
            return "toy_json";
        }

        @Override
        public String description() {
            return "toy JSON lines";
        }

        @Override
        public int sniff(Head head) {
            return 0;
        }

        @Override
        public EventStream open(Reader in, ReadContext ctx) {
            Iterator<String> lines = new BufferedReader(in).lines().iterator();
            return () -> {
                while (lines.hasNext()) {
                    String l = lines.next();
                    JsonNode n;
                    try {
                        n = RuleTesting.MAPPER.readTree(l);
                    } catch (Exception e) {
                        ctx.reject(1, "not JSON");
                        continue;
                    }
                    if (!n.has("action")) {
                        ctx.reject(1, "no action");
                        continue;
                    }
                    EventBuilder b = Event.builder(type()).put("event.action", n.path("action").asText())
                            .put("user.name", n.path("user").asText(null)).raw(n);
                    ctx.accepted();
                    return b.build();
                }
                return null;
            };
        }
    }

    /** A toy text reader: the whole line is the message. */
    static final class ToyTextReader implements SourceReader {
        @Override
        public String type() {
            return "toy_text";
        }

        @Override
        public String description() {
            return "toy text";
        }

        @Override
        public int sniff(Head head) {
            return 0;
        }

        @Override
        public EventStream open(Reader in, ReadContext ctx) {
            Iterator<String> lines = new BufferedReader(in).lines().iterator();
            return () -> lines.hasNext() ? Event.builder(type()).put("message", lines.next()).build() : null;
        }
    }

    private static SampleRunner runner() {
        CompileResult r = RuleCompiler.compile(TuningConfig.defaults(),
                RuleSetSource.of("rules.yaml", fixture("SampleRunnerTest", "rules.yaml")));
        assertThat(r.errors()).isEmpty();
        return new SampleRunner(r.ruleSet(), new Sources(List.of(new ToyJsonReader(), new ToyTextReader())));
    }

    @Test
    void runsTruePositivesAndTrueNegatives() {
        SampleRunner.Report report = runner().run("samples.yaml", fixture("SampleRunnerTest", "samples.yaml"));
        assertThat(report.errors()).isEmpty();
        assertThat(report.results()).extracting(r -> r.rule() + " " + r.expected().label() + " "
                + (r.actual() == null ? "-" : r.actual().name()) + " " + r.passed()).containsExactly(
                "toy-exec match MATCH true",
                "toy-exec no_match NO_MATCH true",
                "toy-exec no_match ALLOWLISTED true",
                "toy-exec no_match EXCEPTION true",
                "toy-panic match MATCH true",
                "toy-panic no_match NO_MATCH true",
                "toy-exec match NO_MATCH false",
                "no-such-rule match - false",
                "toy-exec match - false",
                "toy-exec match - false");
        SampleRunner.Result first = report.results().get(0);
        assertThat(first.line()).isEqualTo(2);
        assertThat(first.name()).isEqualTo("a person execs");
        assertThat(first.matched()).isTrue();
        assertThat(report.results().get(7).error()).isEqualTo("unknown rule 'no-such-rule'");
        assertThat(report.results().get(8).error()).isEqualTo("unknown source type 'nope'");
        assertThat(report.results().get(9).error()).isEqualTo("the toy_json reader rejected the sample: no action");
        assertThat(report.passed()).isEqualTo(6);
        assertThat(report.failed()).isEqualTo(4);
        assertThat(report.ok()).isFalse();
        assertThat(report.results().get(6).toJson().get("actual").asText()).isEqualTo("no_match");
    }

    @Test
    void reportsRulesWithoutSamples() {
        SampleRunner r = runner();
        SampleRunner.Report report = r.run("samples.yaml", fixture("SampleRunnerTest", "samples.yaml"));
        CompiledRuleSet set = RuleCompiler.compile(TuningConfig.defaults(),
                RuleSetSource.of("rules.yaml", fixture("SampleRunnerTest", "rules.yaml"))).ruleSet();
        assertThat(report.rulesWithout(set, SampleRunner.Expect.MATCH)).containsExactly("toy-unsampled");
        assertThat(report.rulesWithout(set, SampleRunner.Expect.NO_MATCH)).containsExactly("toy-unsampled");
    }

    @Test
    void samplesGoThroughTheRealReaders() {
        CompileResult r = RuleCompiler.compile(TuningConfig.defaults(),
                RuleSetSource.of("k8s-rules.yaml", fixture("SampleRunnerTest", "k8s-rules.yaml")));
        assertThat(r.errors()).isEmpty();
        SampleRunner.Report report = new SampleRunner(r.ruleSet())
                .run("k8s-samples.yaml", fixture("SampleRunnerTest", "k8s-samples.yaml"));
        assertThat(report.errors()).isEmpty();
        assertThat(report.results()).extracting(x -> x.actual() + " " + x.error())
                .containsExactly("MATCH null", "ALLOWLISTED null");
        assertThat(report.ok()).isTrue();
    }

    @Test
    void badSampleFilesAreErrorsWithPositions() {
        SampleRunner.Report report = runner().run("bad.yaml", """
                samples:
                  - rule: toy-exec
                    source: toy_json
                    expect: maybe
                    event: {action: exec}
                  - rule: toy-exec
                    source: toy_json
                    expect: match
                  - {rule: toy-exec, source: toy_json, expect: match, event: {action: exec}, colour: red}
                """);
        assertThat(report.errors()).extracting(e -> e.line() + " " + e.message()).containsExactly(
                "2 a sample needs rule, source and expect (match or no_match)",
                "6 a sample needs exactly one of 'event' (the native record) or 'line' (raw text)",
                "9 unknown sample key 'colour' (expected [rule, source, expect, event, line, events, name])");
        assertThat(report.results()).hasSize(1);
    }
}
