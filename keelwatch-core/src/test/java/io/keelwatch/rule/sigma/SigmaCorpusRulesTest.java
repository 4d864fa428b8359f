package io.keelwatch.rule.sigma;

import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.RuleError;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

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
 * Every rule under {@code corpus/sigma/rules} loads, or is refused with an error that names the construct; the
 * refusals expected today are listed here with their reason.
 */
class SigmaCorpusRulesTest {
    /** File name → a piece of the refusal message. */
    static final Map<String, String> REFUSED = Map.of();

    @Test
    void everyRuleLoadsOrIsRefusedPrecisely() throws IOException {
        Assumptions.assumeTrue(SigmaCorpus.exists(), SigmaCorpus.missing());
        List<Path> files;
        try (Stream<Path> s = Files.walk(SigmaCorpus.ROOT.resolve("rules"))) {
            files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).hasSize(44);
        Map<String, String> outcome = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Path f : files) {
            CompileResult r = SigmaCorpus.compile(f);
            String name = f.getFileName().toString();
            if (r.errors().isEmpty()) {
                outcome.put(name, "loaded " + r.ruleSet().rules().get(0).sources());
                if (REFUSED.containsKey(name)) {
                    failures.add(name + " was expected to be refused");
                }
            } else {
                String msg = r.errors().stream().map(RuleError::message).toList().toString();
                outcome.put(name, "refused " + msg);
                if (!REFUSED.containsKey(name) || !msg.contains(REFUSED.get(name))) {
                    failures.add(name + ": " + msg);
                }
            }
        }
        if (System.getenv("KEELWATCH_CONFORMANCE_LOG") != null) {
            outcome.forEach((k, v) -> System.out.println("sigma-rules\t" + k + "\t" + v));
        }
        assertThat(failures).isEmpty();
    }
}
