package io.keelwatch.emulate;

import io.keelwatch.alert.Alert;
import io.keelwatch.engine.Pipeline;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.source.EventStream;
import io.keelwatch.source.Inputs;
import io.keelwatch.source.Inventory;
import io.keelwatch.source.Sources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs an emulation's capture through the detection pipeline (the readers, the rules, the stateful detectors: what
 * {@code keelwatch scan} does) and scores the alerts against its labels.
 */
public final class Validation {
    /** The result of one emulator (docker or k8s): its rows, and how many input records were rejected. */
    public record Report(String emulator, List<Scoring.Row> rows, long events, long rejected, List<String> notes) {
        /** Pass or fail per strategy, in first-seen order. */
        public Map<String, Boolean> strategies() {
            Map<String, Boolean> m = new LinkedHashMap<>();
            for (Scoring.Row r : rows) {
                m.merge(r.scenario().strategy(), r.passed(), Boolean::logicalAnd);
            }
            return m;
        }

        public boolean passed() {
            return !rows.isEmpty() && rows.stream().allMatch(Scoring.Row::passed);
        }
    }

    private Validation() {
    }

    /** Scans every data file of {@code dir} (all but labels.tsv, *.md and *.pcap) and scores it. */
    public static Report validate(String emulator, CompiledRuleSet rules, Path dir, List<Scenario> scenarios,
                                  List<String> notes) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return !n.equals("labels.tsv") && !n.endsWith(".md") && !n.endsWith(".pcap");
            }).sorted().toList();
        }
        List<String> problems = new ArrayList<>(notes);
        Diagnostics diag = new Diagnostics(r -> {
            if (problems.size() < 20) {
                problems.add("rejected " + r);
            }
        });
        List<Alert> alerts = new ArrayList<>();
        Pipeline pipeline = new Pipeline(rules, alerts::add);
        long n = 0;
        try (EventStream s = Inputs.open(Inputs.plan(files, null, Sources.defaults(), diag), diag, new Inventory())) {
            Event e;
            while ((e = s.next()) != null) {
                pipeline.accept(e);
                n++;
            }
        }
        pipeline.finish();
        Scoring.Result scored = Scoring.score(scenarios, Labels.read(dir.resolve("labels.tsv")), alerts);
        java.util.TreeMap<String, Integer> outside = new java.util.TreeMap<>();
        scored.outside().forEach(a -> outside.merge(a.rule(), 1, Integer::sum));
        if (!outside.isEmpty()) {
            problems.add("alerts of priority medium+ outside every scenario (set-up or teardown of the lab): "
                    + outside);
        }
        return new Report(emulator, scored.rows(), n, diag.totalRejected(), problems);
    }
}
