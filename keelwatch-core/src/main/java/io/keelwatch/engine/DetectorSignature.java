package io.keelwatch.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.rule.CompiledRule;
import io.keelwatch.rule.RuleDescriptor;
import io.keelwatch.rule.compile.ExceptionCompiler;
import io.keelwatch.rule.stateful.StatefulRuntime;

import java.util.ArrayList;
import java.util.List;

/**
 * What makes two stateful rules detect the same, so that they can share one detector ({@link RuleDispatch}): the
 * same sources, condition, exceptions (by their definitions), allow-list flag, kind and kind parameters. The title,
 * priority and output may differ.
 */
final class DetectorSignature {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DetectorSignature() {
    }

    /** The rule's signature as text, or null when its detector cannot be shared. */
    static String of(CompiledRule r, StatefulRuntime s) {
        if (!s.shareable()) {
            return null;
        }
        RuleDescriptor d = r.descriptor();
        List<Object> sig = new ArrayList<>();
        sig.add(d.sources());
        sig.add(d.condition());
        List<String> exceptions = new ArrayList<>();
        for (ExceptionCompiler.Named x : r.exceptions()) {
            if (x.text() == null) {
                return null;        // what the exception tests is not known as text: no sharing
            }
            exceptions.add(x.text());
        }
        sig.add(exceptions);
        sig.add(d.allowlist());
        sig.add(d.kind());
        sig.add(d.kindParams());
        try {
            return JSON.writeValueAsString(sig);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
