package io.keelwatch.rule.sigma;

import io.keelwatch.rule.parse.Loc;
import io.keelwatch.rule.parse.YNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One YAML document of a Sigma file — a detection rule ({@code detection}), a correlation ({@code correlation}) or
 * a filter ({@code filter}) — with the metadata Keelwatch uses.
 */
record SigmaDocument(Kind kind, String file, int index, YNode.Map root, String id, String name, String title,
                     String author, String description, String level, String status, List<String> tags,
                     List<String> falsePositives, Map<String, String> logsource, Loc loc) {

    enum Kind { RULE, CORRELATION, FILTER }

    static final List<String> LEVELS = List.of("informational", "low", "medium", "high", "critical");

    /** Reads one document; refuses one that is none of the three kinds or lacks what its kind needs. */
    static SigmaDocument of(String file, int index, YNode doc) throws SigmaRefusal {
        if (!(doc instanceof YNode.Map m)) {
            throw new SigmaRefusal("a Sigma document is a mapping, not " + doc.shape(), doc.loc());
        }
        if (m.has("action")) {
            throw new SigmaRefusal("Sigma 1 rule collections ('action: " + text(m, "action") + "') are not "
                    + "supported; write each rule as a document of its own", m.entry("action").keyLoc());
        }
        Kind kind = m.has("correlation") ? Kind.CORRELATION : m.has("filter") ? Kind.FILTER
                : m.has("detection") ? Kind.RULE : null;
        if (kind == null) {
            throw new SigmaRefusal("not a Sigma rule: no 'detection', 'correlation' or 'filter'", m.loc());
        }
        String title = text(m, "title");
        if (title == null || title.isBlank()) {
            throw new SigmaRefusal("Sigma " + kind.name().toLowerCase(Locale.ROOT) + " has no title", m.loc());
        }
        String level = text(m, "level");
        if (level != null && !LEVELS.contains(level.toLowerCase(Locale.ROOT))) {
            throw new SigmaRefusal("unknown level '" + level + "' (informational, low, medium, high, critical)",
                    m.get("level").loc());
        }
        Map<String, String> logsource = new LinkedHashMap<>();
        YNode ls = m.get("logsource");
        if (ls instanceof YNode.Map lm) {
            for (YNode.Entry e : lm.entries()) {
                if (e.value() instanceof YNode.Scalar s && !s.isNull()) {
                    logsource.put(e.key(), s.value());
                }
            }
        } else if (kind != Kind.CORRELATION) {
            throw new SigmaRefusal("Sigma " + kind.name().toLowerCase(Locale.ROOT) + " has no logsource", m.loc());
        }
        if (kind == Kind.RULE && !(m.get("detection") instanceof YNode.Map)) {
            throw new SigmaRefusal("'detection' must be a mapping of search identifiers and a condition",
                    m.get("detection").loc());
        }
        return new SigmaDocument(kind, file, index, m, text(m, "id"), text(m, "name"), title.strip(),
                text(m, "author"), text(m, "description"), level == null ? null : level.toLowerCase(Locale.ROOT),
                text(m, "status"), strings(m.get("tags")), strings(m.get("falsepositives")), logsource, m.loc());
    }

    static String text(YNode.Map m, String key) {
        YNode n = m.get(key);
        return n instanceof YNode.Scalar s && !s.isNull() ? s.value() : null;
    }

    static List<String> strings(YNode n) {
        List<String> out = new ArrayList<>();
        if (n instanceof YNode.Seq seq) {
            for (YNode x : seq.items()) {
                if (x instanceof YNode.Scalar s && !s.isNull()) {
                    out.add(s.value());
                }
            }
        } else if (n instanceof YNode.Scalar s && !s.isNull()) {
            out.add(s.value());
        }
        return out;
    }

    /** The id engine-side: the Sigma id, else the name, else file and document number. */
    String ruleId() {
        if (id != null && !id.isBlank()) {
            return id.strip();
        }
        if (name != null && !name.isBlank()) {
            return name.strip();
        }
        String base = file.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceFirst("\\.ya?ml$", "");
        return base + (index > 0 ? "#" + (index + 1) : "");
    }

    /** True when {@code ref} (from a correlation or filter) names this document by id or name. */
    boolean isNamed(String ref) {
        return ref.equals(id) || ref.equals(name);
    }
}
