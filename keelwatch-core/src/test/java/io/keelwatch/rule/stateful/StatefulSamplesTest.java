package io.keelwatch.rule.stateful;

import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleDescriptor;
import io.keelwatch.rule.RuleLoader;
import io.keelwatch.rule.SampleRunner;
import io.keelwatch.rule.TuningConfig;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The samples of the built-in stateful rules pass, and every rule of stateful.yaml has both kinds of sample. */
class StatefulSamplesTest {
    @Test
    void everyStatefulRuleHasPassingTrueAndFalseSamples() throws Exception {
        CompileResult c = RuleCompiler.compile(List.of(RuleLoader.builtIn()), TuningConfig.defaults());
        assertThat(c.errors()).isEmpty();
        String text;
        try (InputStream in = getClass().getResourceAsStream("/io/keelwatch/rules/samples/stateful.yaml")) {
            assertThat(in).as("samples/stateful.yaml on the classpath").isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SampleRunner.Report report = new SampleRunner(c.ruleSet()).run("samples/stateful.yaml", text);
        assertThat(report.errors()).isEmpty();
        assertThat(report.results()).allSatisfy(r -> assertThat(r.passed())
                .as("%s (%s, line %d): %s", r.rule(), r.name(), r.line(), r.error()).isTrue());
        List<String> ours = c.ruleSet().rules().stream().filter(d -> d.file().endsWith("stateful.yaml"))
                .map(RuleDescriptor::id).toList();
        assertThat(ours).hasSizeGreaterThanOrEqualTo(15);
        for (String id : ours) {
            assertThat(report.results()).as(id).anyMatch(r -> r.rule().equals(id)
                    && r.expected() == SampleRunner.Expect.MATCH);
            assertThat(report.results()).as(id).anyMatch(r -> r.rule().equals(id)
                    && r.expected() == SampleRunner.Expect.NO_MATCH);
        }
    }
}
