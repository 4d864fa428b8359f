package io.keelwatch.rule.compile;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.rule.parse.LocatedString;
import io.keelwatch.rule.parse.Problems;

import java.util.ArrayList;
import java.util.List;

/**
 * An alert summary template: text with {@code %field.name} or {@code %{field.name}} placeholders. A bare
 * placeholder runs over letters, digits, {@code _}, {@code .} and bracketed keys, and drops a trailing dot
 * (end of a sentence); use the braced form for anything else. {@code %{a|b}} takes the first of the fields
 * that has a value (an exec's command line, else a container's), and a quoted last alternative
 * ({@code %{user.name|'an unnamed client'}}) is the text used when none has. {@code %%} is a percent sign. A field
 * with no value renders as {@code <NA>}; several values are joined with commas.
 */
public final class OutputTemplate {
    public static final String MISSING = "<NA>";

    private final List<Object> parts; // String literal, FieldPath, Fallback or Part

    /** {@code %{a|b|...|'text'}}: the first of the fields that has a value, else the text (null: {@code <NA>}). */
    private record Fallback(List<FieldPath> paths, String otherwise) {
    }

    /** A piece of a template rendered by code (for rule languages with fields of their own, such as Falco's). */
    @FunctionalInterface
    public interface Part {
        String render(Event e);
    }

    private OutputTemplate(List<Object> parts) {
        this.parts = List.copyOf(parts);
    }

    /** A template made of literal text (String) and {@link Part}s, for rules written in other languages. */
    public static OutputTemplate of(List<?> parts) {
        for (Object o : parts) {
            if (!(o instanceof String) && !(o instanceof Part)) {
                throw new IllegalArgumentException("template parts are String or OutputTemplate.Part, not " + o);
            }
        }
        return new OutputTemplate(new ArrayList<>(parts));
    }

    /** Compiles a template, checking its fields; null after reporting errors. */
    public static OutputTemplate compile(LocatedString t, List<String> sources, Problems p) {
        String s = t.value();
        List<Object> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        boolean ok = true;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '%' || i + 1 >= s.length()) {
                lit.append(c);
                i++;
                continue;
            }
            char n = s.charAt(i + 1);
            int start;
            int end;
            int next;
            if (n == '%') {
                lit.append('%');
                i += 2;
                continue;
            } else if (n == '{') {
                int close = s.indexOf('}', i + 2);
                if (close < 0) {
                    p.error(t.loc(i), "unclosed '%{' in output");
                    return null;
                }
                start = i + 2;
                end = close;
                next = close + 1;
            } else if (Character.isLetter(n) || n == '_') {
                start = i + 1;
                end = scan(s, start);
                next = end;
            } else {
                lit.append(c);
                i++;
                continue;
            }
            List<FieldPath> paths = new ArrayList<>();
            String otherwise = null;
            int from = start;
            String[] alternatives = s.substring(start, end).split("\\|", -1);
            for (int k = 0; k < alternatives.length; k++) {
                String field = alternatives[k];
                String name = field.trim();
                if (k > 0 && k == alternatives.length - 1 && name.length() >= 2
                        && (name.charAt(0) == '\'' || name.charAt(0) == '"') && name.endsWith(name.substring(0, 1))) {
                    otherwise = name.substring(1, name.length() - 1);
                    break;
                }
                FieldChecker.Resolved r = name.isEmpty() ? null : FieldChecker.resolve(name, t.loc(from), sources, p);
                if (name.isEmpty()) {
                    p.error(t.loc(i), "empty placeholder in output");
                }
                if (r == null) {
                    ok = false;
                } else {
                    paths.add(r.path());
                }
                from += field.length() + 1;
            }
            if (ok && !paths.isEmpty()) {
                if (lit.length() > 0) {
                    parts.add(lit.toString());
                    lit.setLength(0);
                }
                parts.add(paths.size() == 1 && otherwise == null ? paths.get(0)
                        : new Fallback(List.copyOf(paths), otherwise));
            }
            i = next;
        }
        if (lit.length() > 0) {
            parts.add(lit.toString());
        }
        return ok ? new OutputTemplate(parts) : null;
    }

    private static int scan(String s, int i) {
        int j = i;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                j++;
            } else if (c == '[') {
                int close = s.indexOf(']', j);
                if (close < 0) {
                    break;
                }
                j = close + 1;
            } else {
                break;
            }
        }
        while (j > i && s.charAt(j - 1) == '.') {
            j--;
        }
        return j;
    }

    /** The text rendered last and its event: rules that share this template (copies) render an event once. */
    private record Rendered(Event event, String text) {
    }

    private volatile Rendered last;

    /** The template filled in with the event's values. */
    public String render(Event e) {
        Rendered r = last;
        if (r != null && r.event() == e) {
            return r.text();
        }
        String text = fill(e);
        last = new Rendered(e, text);
        return text;
    }

    private String fill(Event e) {
        StringBuilder b = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String str) {
                b.append(str);
                continue;
            }
            if (part instanceof Part p) {
                b.append(p.render(e));
                continue;
            }
            List<Object> vs = List.of();
            if (part instanceof Fallback f) {
                for (FieldPath fp : f.paths()) {
                    vs = fp.values(e);
                    if (!vs.isEmpty()) {
                        break;
                    }
                }
            } else {
                vs = ((FieldPath) part).values(e);
            }
            if (vs.isEmpty()) {
                b.append(part instanceof Fallback f && f.otherwise() != null ? f.otherwise() : MISSING);
                continue;
            }
            for (int k = 0; k < vs.size(); k++) {
                if (k > 0) {
                    b.append(',');
                }
                Object v = vs.get(k);
                String t = Values.text(v);
                b.append(t != null ? t : String.valueOf(v));
            }
        }
        return b.toString();
    }
}
