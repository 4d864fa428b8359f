package io.keelwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.alert.Alert;
import io.keelwatch.detect.DetectorStats;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompiledRuleSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stateful rules that cannot tell apart share one detector; each still alerts under its own id, priority and
 * output, exactly as it would alone, through snapshots too. A rule that differs in any parameter keeps its own.
 */
class SharedDetectorsTest {
    /** Copies of PipelineTest's stateful rules (another id and priority) and a near-copy (another threshold). */
    private static final String COPIES = copy("scan", "scan-copy", "critical", "")
            + copy("scan", "scan-4", "high", "threshold: 5=threshold: 4")
            + copy("short", "short-copy", "low", "")
            + copy("quiet", "quiet-copy", "high", "");

    /** Rule {@code id} of PipelineTest.RULES under {@code newId} and {@code priority}, with an optional change. */
    private static String copy(String id, String newId, String priority, String change) {
        String all = PipelineTest.RULES;
        int start = all.indexOf("- rule: " + id + "\n");
        int end = all.indexOf("- rule: ", start + 1);
        String block = all.substring(start, end < 0 ? all.length() : end)
                .replace("- rule: " + id + "\n", "- rule: " + newId + "\n")
                .replaceFirst("priority: \\w+", "priority: " + priority);
        if (!change.isEmpty()) {
            String[] fromTo = change.split("=", 2);
            assertThat(block).contains(fromTo[0]);
            block = block.replace(fromTo[0], fromTo[1]);
        }
        return block;
    }

    private static List<String> lines(List<Alert> alerts, String rule) {
        return alerts.stream().filter(a -> a.rule().equals(rule))
                .map(a -> a.timeNanos() + " " + a.count() + " " + a.evidence().size() + " " + a.summary()).toList();
    }

    @Test
    void copiesAlertAsTheOriginalDoesUnderTheirOwnIdsAndPriorities() {
        List<Event> events = PipelineTest.capture();
        List<Alert> alone = PipelineTest.alerts(PipelineTest.rules(PipelineTest.RULES), events);
        List<Alert> shared = PipelineTest.alerts(PipelineTest.rules(PipelineTest.RULES + COPIES), events);

        for (String r : List.of("scan", "short", "quiet", "sweep", "exec")) {
            assertThat(lines(shared, r)).as(r).isEqualTo(lines(alone, r)).isNotEmpty();
        }
        assertThat(lines(shared, "scan-copy")).isEqualTo(lines(alone, "scan"));
        assertThat(lines(shared, "quiet-copy")).isEqualTo(lines(alone, "quiet"));
        assertThat(lines(shared, "short-copy")).hasSameSizeAs(lines(alone, "short"));
        assertThat(shared).filteredOn(a -> a.rule().equals("scan-copy"))
                .allSatisfy(a -> assertThat(a.priority().name()).isEqualToIgnoringCase("critical"));
        // the near-copy counts on its own: it fires on the fourth distinct port, before the others
        assertThat(lines(shared, "scan-4")).hasSize(1);
        assertThat(shared.stream().filter(a -> a.rule().equals("scan-4")).findFirst().orElseThrow().timeNanos())
                .isLessThan(alone.stream().filter(a -> a.rule().equals("scan")).findFirst().orElseThrow().timeNanos());
    }

    @Test
    void copiesShareOneDetectorAndItsSnapshot() {
        CompiledRuleSet set = PipelineTest.rules(PipelineTest.RULES + COPIES);
        List<Event> events = PipelineTest.capture();
        Pipeline whole = new Pipeline(set, a -> { });
        events.forEach(whole::accept);
        assertThat(whole.stats().detectors()).extracting(DetectorStats::ruleId)
                .containsExactlyInAnyOrder("scan", "short", "quiet", "sweep", "scan-4");

        int cut = events.size() / 2;
        List<Alert> first = new ArrayList<>();
        Pipeline p = new Pipeline(set, first::add);
        events.subList(0, cut).forEach(p::accept);
        JsonNode snap = p.snapshot();
        assertThat(snap.path("detectors").path("scan-copy").path("shared_with").asText()).isEqualTo("scan");
        assertThat(snap.path("detectors").path("scan-4").has("shared_with")).isFalse();

        List<Alert> second = new ArrayList<>();
        Pipeline q = new Pipeline(set, second::add);
        q.restore(snap);
        events.subList(cut, events.size()).forEach(q::accept);
        q.finish();
        List<Alert> resumed = new ArrayList<>(first);
        resumed.addAll(second);

        List<Alert> straight = PipelineTest.alerts(set, events);
        for (String r : List.of("scan", "scan-copy", "scan-4", "short", "short-copy", "quiet", "quiet-copy")) {
            assertThat(lines(resumed, r)).as(r).isEqualTo(lines(straight, r));
        }
    }

    /** Exceptions of one name but other values make rules that differ: each keeps its own detector and verdicts. */
    @Test
    void anExceptionOfTheSameNameButOtherValuesIsNoCopy() {
        List<Event> events = PipelineTest.capture();
        List<Alert> alone = PipelineTest.alerts(PipelineTest.rules(PipelineTest.RULES), events);
        String summary = alone.stream().filter(a -> a.rule().equals("scan")).findFirst().orElseThrow().summary();
        String scanner = summary.replaceFirst("^scan from ([^:]+):.*$", "$1");
        assertThat(scanner).matches("[0-9.]+");
        String excluding = copy("scan", "scan-excluded", "high", "")
                + "  exceptions:\n    - name: lab\n      fields: [source.ip]\n      values: [[\"" + scanner + "\"]]\n";
        String other = copy("scan", "scan-kept", "high", "")
                + "  exceptions:\n    - name: lab\n      fields: [source.ip]\n      values: [[\"192.0.2.99\"]]\n";
        for (String rules : List.of(excluding + other, other + excluding)) {
            CompiledRuleSet set = PipelineTest.rules(PipelineTest.RULES + rules);
            List<Alert> both = PipelineTest.alerts(set, events);
            assertThat(lines(both, "scan-excluded")).as("its exception leaves the scanner out").isEmpty();
            assertThat(lines(both, "scan-kept")).isEqualTo(lines(alone, "scan")).isNotEmpty();
            Pipeline p = new Pipeline(set, a -> { });
            events.forEach(p::accept);
            assertThat(p.stats().detectors()).extracting(DetectorStats::ruleId)
                    .contains("scan-excluded", "scan-kept");
        }
    }
}
