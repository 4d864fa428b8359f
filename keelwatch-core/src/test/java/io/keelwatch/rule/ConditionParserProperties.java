package io.keelwatch.rule;

import io.keelwatch.event.Event;
import io.keelwatch.rule.parse.ConditionParser;
import io.keelwatch.rule.parse.ConditionSyntaxException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Random condition text never crashes the parser or the compiler: it parses, or yields errors with positions. */
class ConditionParserProperties {
    private static final List<String> TOKENS = List.of("and", "or", "not", "(", ")", ",", "=", "!=", "<", "<=", ">",
            ">=", "in", "contains", "icontains", "startswith", "endswith", "glob", "regex", "cidr", "exists",
            "iequals", "all", "container.name", "process.args", "container.labels[\"a.b\"]", "x[*].y", "items[0]",
            "my_list", "my_macro", "\"quoted\"", "'single'", "\"unterminated", "[", "]", "10.0.0.0/8", "*.sh",
            "\"(a|b\"", "42", "-1.5", "true", "!", "\\", "%", "\n", "\t", "é", "event.action", "source.ip");

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(25).map(l -> String.join(" ", l));
    }

    @Provide
    Arbitrary<String> chars() {
        return Arbitraries.strings().withChars("abc.[]*\"'()=!<>, \\\n\t0123456789-_/:%").ofMaxLength(60);
    }

    @Property(tries = 1500)
    void parserNeverCrashesOnTokenSoup(@ForAll("tokenSoup") String text) {
        parseOrSyntaxError(text);
    }

    @Property(tries = 1500)
    void parserNeverCrashesOnCharSoup(@ForAll("chars") String text) {
        parseOrSyntaxError(text);
    }

    @Property(tries = 1000)
    void parserNeverCrashesOnAnyString(@ForAll String text) {
        parseOrSyntaxError(text);
    }

    private static void parseOrSyntaxError(String text) {
        try {
            ConditionParser.parse(text);
        } catch (ConditionSyntaxException e) {
            assertThat(e.offset()).isBetween(0, text.length());
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 400)
    void compilerOnlyReportsRuleErrors(@ForAll("tokenSoup") String condition) {
        String yaml = """
                - list: my_list
                  items: [a, b]
                - macro: my_macro
                  condition: container.name = a
                - rule: r
                  priority: low
                  condition: %s
                """.formatted(yamlQuote(condition));
        CompileResult r = RuleCompiler.compile(TuningConfig.none(), RuleSetSource.of("p.yaml", yaml));
        for (RuleError e : r.errors()) {
            assertThat(e.file()).isEqualTo("p.yaml");
            assertThat(e.line()).isBetween(1, 8);
            assertThat(e.message()).isNotBlank();
        }
        if (r.ok()) {
            // whatever compiled must evaluate without throwing
            Event ev = Event.builder("x").put("container.name", "a").put("event.action", "create")
                    .put("process.args", List.of("sh", "-c")).put("source.ip", "10.0.0.1").build();
            r.ruleSet().verdict("r", ev);
            r.ruleSet().explain("r", ev);
        }
    }

    private static String yamlQuote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
