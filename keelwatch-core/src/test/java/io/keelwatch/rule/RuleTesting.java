package io.keelwatch.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.alert.Alert;
import io.keelwatch.event.Event;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers shared by the rule tests. */
final class RuleTesting {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private RuleTesting() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles one in-memory file and asserts it has no errors. */
    static CompiledRuleSet compileOk(String yaml) {
        return compileOk(yaml, TuningConfig.none());
    }

    static CompiledRuleSet compileOk(String yaml, TuningConfig tuning) {
        CompileResult r = RuleCompiler.compile(tuning, RuleSetSource.of("test.yaml", yaml));
        assertThat(r.errors()).as("compile errors").isEmpty();
        return r.ruleSet();
    }

    static CompileResult compile(String... namesAndTexts) {
        List<RuleSetSource> s = new ArrayList<>();
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            s.add(RuleSetSource.of(namesAndTexts[i], namesAndTexts[i + 1]));
        }
        return RuleCompiler.compile(s, TuningConfig.none());
    }

    /** A one-rule set with this condition over all sources. */
    static CompiledRuleSet condition(String condition) {
        return compileOk("- rule: r\n  priority: low\n  condition: '" + condition.replace("'", "''") + "'\n");
    }

    /** A one-rule set with this condition for one source type. */
    static CompiledRuleSet condition(String source, String condition) {
        return compileOk("- rule: r\n  priority: low\n  sources: [" + source + "]\n  condition: '"
                + condition.replace("'", "''") + "'\n");
    }

    static List<Alert> alerts(CompiledRuleSet set, Event e) {
        List<Alert> out = new ArrayList<>();
        set.evaluate(e, out::add);
        return out;
    }

    static String fixture(String testClass, String name) {
        String path = "fixtures/" + testClass + "/" + name;
        try (InputStream in = RuleTesting.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
