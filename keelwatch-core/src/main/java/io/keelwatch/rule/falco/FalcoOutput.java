package io.keelwatch.rule.falco;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.rule.compile.OutputTemplate;
import io.keelwatch.rule.parse.LocatedString;
import io.keelwatch.rule.parse.Problems;

import java.util.ArrayList;
import java.util.List;

/**
 * A Falco output template: text with {@code %field} and {@code %field[arg]} placeholders (a trailing dot is left
 * out, as at the end of a sentence). A value that is not available renders as {@code <NA>}; a list field as
 * {@code (a,b)}. Folded YAML may leave a line break at the end; it is trimmed.
 */
final class FalcoOutput {
    private FalcoOutput() {
    }

    /** The template, or null after reporting unknown fields. */
    static OutputTemplate compile(LocatedString t, String rule, Problems p) {
        String s = t.value().strip();
        List<Object> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        boolean ok = true;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '%' || i + 1 >= s.length() || !Character.isLetter(s.charAt(i + 1))) {
                lit.append(c);
                i++;
                continue;
            }
            int start = i + 1;
            int j = start;
            while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_'
                    || s.charAt(j) == '.')) {
                j++;
            }
            while (j > start && s.charAt(j - 1) == '.') {
                j--;
            }
            String name = s.substring(start, j);
            String arg = null;
            if (j < s.length() && s.charAt(j) == '[') {
                int close = s.indexOf(']', j);
                if (close > 0) {
                    arg = s.substring(j + 1, close);
                    j = close + 1;
                }
            }
            FalcoFields.FalcoField f = FalcoFields.lookup(name);
            if (f == null) {
                p.error(t.loc(i), "unknown Falco field '%" + name + "' in the output of rule '" + rule + "'");
                ok = false;
            } else {
                if (lit.length() > 0) {
                    parts.add(lit.toString());
                    lit.setLength(0);
                }
                parts.add(part(f, arg));
            }
            i = j;
        }
        if (lit.length() > 0) {
            parts.add(lit.toString());
        }
        return ok ? OutputTemplate.of(parts) : null;
    }

    private static OutputTemplate.Part part(FalcoFields.FalcoField f, String arg) {
        return e -> {
            JsonNode raw = e.raw();
            List<String> vs = raw == null ? null : f.extractor().values(e, raw, arg);
            if (vs == null || vs.isEmpty() && !f.list()) {
                return OutputTemplate.MISSING;
            }
            return f.list() ? "(" + String.join(",", vs) + ")" : vs.get(0);
        };
    }
}
