package io.keelwatch.rule.sigma;

import io.keelwatch.rule.ForeignRule;
import io.keelwatch.rule.RuleSetSource;
import io.keelwatch.rule.parse.Problems;
import io.keelwatch.rule.parse.SourceFile;

import java.util.List;

/** Sigma rule files compiled for Keelwatch's engine. */
public final class SigmaRules {
    private SigmaRules() {
    }

    public static List<ForeignRule> compile(List<RuleSetSource.RuleFile> files, Problems p) {
        for (RuleSetSource.RuleFile f : files) {
            p.error(new io.keelwatch.rule.parse.Loc(new SourceFile(f.name(), f.text()), 0), "Sigma rules are not supported yet");
        }
        return List.of();
    }
}
