package io.keelwatch.rule.falco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.keelwatch.alert.Alert;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleError;
import io.keelwatch.rule.RuleLoader;
import io.keelwatch.rule.TuningConfig;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.source.EventStream;
import io.keelwatch.source.InputFile;
import io.keelwatch.source.K8sAuditReader;
import io.keelwatch.source.ReadContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Falco's Kubernetes audit regression suite (corpus {@code ../../shared/corpus/falco-k8saudit}): for every row of
 * {@code expected_outcomes.tsv}, the stock rules ({@code k8s_audit_rules-plugins-current.yaml}) plus the override
 * files the row's legacy test loads (from {@code falco_k8s_audit_tests.yaml}, found under
 * {@code rules/test-overrides}) are compiled and the row's trace is run through the k8s_audit reader and the rule
 * set; the per-rule alert counts must equal the row's assertion ({@code Rule=N}, {@code zero detections},
 * {@code stderr~...}) and the rule's Falco priority must be the legacy test's level. Rows without an assertion
 * must run; their only admissible load errors are appends to the lists {@code falco_*_images} that the 0.34.1
 * override {@code trust_nginx_container.yaml} names: the current stock rules call them {@code k8s_audit_*_images}
 * and the engine-v4 copy leaves them to Falco's syscall rules file, which is not part of the corpus. Falco refuses
 * such appends too. Set {@code KEELWATCH_CONFORMANCE_LOG=1} to print every row's outcome.
 */
class FalcoK8sAuditSuiteTest {
    static final Path CORPUS = Path.of("../../shared/corpus/falco-k8saudit");

    record Row(String trace, String legacyTest, String overrides, String legacyExpected, String assertion) {
    }

    @TestFactory
    Stream<DynamicTest> expectedOutcomes() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(CORPUS), "Falco k8s audit corpus not found at "
                + CORPUS.toAbsolutePath().normalize() + "; skipping the conformance suite");
        JsonNode tests = new YAMLMapper().readTree(Files.readString(CORPUS.resolve("falco_k8s_audit_tests.yaml"))
                .replace("!mux", "")).path("trace_files");
        List<DynamicTest> out = new ArrayList<>();
        for (Row r : rows()) {
            out.add(DynamicTest.dynamicTest(r.legacyTest() + " (" + r.trace() + ")", () -> run(r, tests.path(r.legacyTest()))));
        }
        return out.stream();
    }

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(CORPUS.resolve("expected_outcomes.tsv"));
        for (String l : lines.subList(1, lines.size())) {
            if (!l.isBlank()) {
                String[] c = l.split("\t", -1);
                rows.add(new Row(c[0], c[1], c[2], c[3], c[5]));
            }
        }
        return rows;
    }

    /** The stock rules first, then the test's own files (Falco's syscall rules are not part of the corpus). */
    static List<Path> ruleFiles(JsonNode test) {
        List<Path> files = new ArrayList<>();
        files.add(CORPUS.resolve("rules/k8s_audit_rules-plugins-current.yaml"));
        for (JsonNode f : test.path("rules_file")) {
            String s = f.asText();
            if (s.startsWith("./rules/k8s_audit/")) {
                files.add(CORPUS.resolve("rules/test-overrides").resolve(s.substring("./rules/k8s_audit/".length())));
            }
        }
        return files;
    }

    private static void run(Row r, JsonNode test) throws IOException {
        assertThat(test.isMissingNode()).as("legacy test " + r.legacyTest() + " in falco_k8s_audit_tests.yaml").isFalse();
        CompileResult cr = RuleCompiler.compile(List.of(RuleLoader.load(ruleFiles(test))), TuningConfig.none());
        List<Diagnostics.Rejection> rejections = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Alert> firstAlert = new TreeMap<>();
        for (Event e : read(CORPUS.resolve("k8s_audit").resolve(r.trace()), rejections)) {
            cr.ruleSet().evaluate(e, a -> {
                counts.merge(a.rule(), 1, Integer::sum);
                firstAlert.putIfAbsent(a.rule(), a);
            });
        }
        String a = r.assertion();
        if (System.getenv("KEELWATCH_CONFORMANCE_LOG") != null) {
            System.out.println("falco-suite\t" + r.legacyTest() + "\t" + a + "\t" + counts + "\terrors="
                    + cr.errors().size());
        }
        String context = r.legacyTest() + ": alerts " + counts + ", load errors " + cr.errors();
        if (a.startsWith("runs without error")) {
            for (RuleError err : cr.errors()) {
                assertThat(err.message()).as(context).matches("list 'falco_\\w+_images' has 'append' .*");
            }
            return;
        }
        assertThat(cr.errors()).as(context).isEmpty();
        if (a.equals("zero detections")) {
            assertThat(counts).as(context).isEmpty();
        } else if (a.startsWith("stderr~")) {
            assertThat(rejections).as(context).anySatisfy(x -> assertThat(x.reason()).contains(a.substring(7)));
            assertThat(counts).as(context).isEmpty();
        } else {
            int eq = a.lastIndexOf('=');
            String rule = a.substring(0, eq);
            assertThat(counts.getOrDefault(rule, 0)).as(context).isEqualTo(Integer.parseInt(a.substring(eq + 1)));
            String level = r.legacyExpected().replaceFirst("^DETECT (\\w+):.*", "$1");
            assertThat(firstAlert.get(rule).tags()).as(context).contains("falco.priority:" + level);
        }
    }

    static List<Event> read(Path trace, List<Diagnostics.Rejection> rejections) throws IOException {
        K8sAuditReader reader = new K8sAuditReader();
        InputFile f = new InputFile(trace);
        List<Event> events = new ArrayList<>();
        try (EventStream s = reader.open(f.openReader(), new ReadContext(f.name(), reader.type(),
                new Diagnostics(rejections::add)))) {
            Event e;
            while ((e = s.next()) != null) {
                events.add(e);
            }
        }
        return events;
    }
}
