package io.keelwatch.rule.sigma;

import io.keelwatch.rule.ForeignRule;
import io.keelwatch.rule.parse.Problems;

import java.util.Collection;
import java.util.List;

/** Sigma correlation rules. */
final class SigmaCorrelations {
    private SigmaCorrelations() {
    }

    static List<ForeignRule> compile(List<SigmaDocument> docs, Collection<SigmaRules.Compiled> rules, Problems p) {
        for (SigmaDocument d : docs) {
            if (d.kind() == SigmaDocument.Kind.CORRELATION) {
                p.error(d.loc(), "Sigma correlation '" + d.title() + "' refused: correlation rules are not supported "
                        + "yet");
            }
        }
        return List.of();
    }
}
