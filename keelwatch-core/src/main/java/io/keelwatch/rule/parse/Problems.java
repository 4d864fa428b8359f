package io.keelwatch.rule.parse;

import io.keelwatch.rule.RuleError;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the errors and warnings of every pass so that a whole rule set is reported at once. The same
 * message at the same place is kept once (a macro inlined into many rules reports its problems once).
 */
public final class Problems {
    private final Set<RuleError> errors = new LinkedHashSet<>();
    private final Set<RuleError> warnings = new LinkedHashSet<>();

    public void error(Loc loc, String message) {
        errors.add(loc.error(message));
    }

    public void error(RuleError e) {
        errors.add(e);
    }

    public void warn(Loc loc, String message) {
        warnings.add(loc.error(message));
    }

    public void warn(RuleError e) {
        warnings.add(e);
    }

    public int errorCount() {
        return errors.size();
    }

    public List<RuleError> errors() {
        return List.copyOf(new ArrayList<>(errors));
    }

    public List<RuleError> warnings() {
        return List.copyOf(new ArrayList<>(warnings));
    }
}
