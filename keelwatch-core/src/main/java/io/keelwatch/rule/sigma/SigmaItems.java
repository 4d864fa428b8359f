package io.keelwatch.rule.sigma;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.keelwatch.rule.compile.Cidr;
import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.compile.Values;
import io.keelwatch.rule.parse.YNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Compiles one detection item — {@code field|modifier|...: value or [values]} — or a keyword list into a
 * condition. Modifiers apply left to right: {@code expand} fills placeholders, {@code windash}, {@code wide} /
 * {@code utf16*}, {@code base64} and {@code base64offset} transform the value, {@code contains},
 * {@code startswith} and {@code endswith} place wildcards; {@code re} (with {@code i}, {@code m}, {@code s}),
 * {@code cidr}, {@code lt}/{@code lte}/{@code gt}/{@code gte}, {@code exists}, {@code fieldref} and the time
 * parts ({@code minute} ... {@code year}) change how values are compared; {@code all}, {@code neq} and
 * {@code cased} change how they combine. Unsupported constructs throw {@link SigmaRefusal} naming them.
 */
final class SigmaItems {
    static final Set<String> TIME_PARTS = Set.of("minute", "hour", "day", "week", "month", "year");
    private static final Set<String> KNOWN = Set.of("contains", "startswith", "endswith", "all", "exists", "cased",
            "neq", "windash", "re", "i", "m", "s", "ignorecase", "multiline", "dotall", "base64", "base64offset",
            "utf16le", "wide", "utf16be", "utf16", "lt", "lte", "gt", "gte", "cidr", "expand", "fieldref", "minute",
            "hour", "day", "week", "month", "year");
    private static final Set<String> COMPARE = Set.of("lt", "lte", "gt", "gte");

    private final SigmaPipeline pipeline;
    private final Function<String, SigmaField> fields;

    SigmaItems(SigmaPipeline pipeline, Function<String, SigmaField> fields) {
        this.pipeline = pipeline;
        this.fields = fields;
    }

    /** A field item; {@code key} is {@code field|mods}; an empty field means keywords. */
    Cond item(String key, YNode value) throws SigmaRefusal {
        String[] parts = key.split("\\|", -1);
        String field = parts[0];
        List<String> mods = new ArrayList<>(List.of(parts).subList(1, parts.length));
        for (String m : mods) {
            if (!KNOWN.contains(m)) {
                throw new SigmaRefusal("unknown Sigma modifier '" + m + "' in '" + key + "'");
            }
        }
        if (field.isEmpty() && mods.stream().noneMatch(m -> Set.of("contains", "startswith", "endswith", "re")
                .contains(m))) {
            mods.add("contains");   // keywords are searched for inside the event's texts
        }
        List<YNode.Scalar> values = scalars(value, key);
        boolean all = mods.contains("all");
        List<SigmaMatcher> matchers = new ArrayList<>();
        for (YNode.Scalar v : values) {
            matchers.add(matcher(key, field, mods, v));
        }
        if (field.isEmpty()) {
            List<SigmaMatcher.ValueTest> kw = new ArrayList<>();
            for (SigmaMatcher m : matchers) {
                if (!(m instanceof SigmaMatcher.ValueTest t)) {
                    throw new SigmaRefusal("keyword '" + key + "' cannot use null, exists or neq");
                }
                kw.add(t);
            }
            return new SigmaConds.Keywords(key + ": " + labels(matchers), kw, all);
        }
        return new SigmaConds.FieldItem(key + ": " + labels(matchers), fields.apply(field), matchers, all);
    }

    /** A list of keywords (plain values searched in the whole event). */
    Cond keywords(List<YNode.Scalar> values, String label) throws SigmaRefusal {
        List<SigmaMatcher.ValueTest> kw = new ArrayList<>();
        for (YNode.Scalar v : values) {
            if (v.isNull()) {
                throw new SigmaRefusal("a keyword cannot be null");
            }
            kw.add(new SigmaMatcher.Text(SigmaPattern.compile(SigmaString.parse(v.value()).anchored(true, true),
                    false)));
        }
        return new SigmaConds.Keywords(label, kw, false);
    }

    private static List<YNode.Scalar> scalars(YNode value, String key) throws SigmaRefusal {
        List<YNode.Scalar> out = new ArrayList<>();
        if (value instanceof YNode.Scalar s) {
            out.add(s);
        } else if (value instanceof YNode.Seq seq) {
            for (YNode n : seq.items()) {
                if (!(n instanceof YNode.Scalar s)) {
                    throw new SigmaRefusal("values of '" + key + "' must be plain values, not " + n.shape());
                }
                out.add(s);
            }
        } else {
            throw new SigmaRefusal("'" + key + "' has " + value.shape() + " as value; Sigma detection values are plain "
                    + "values or lists (nested objects are not part of the specification)");
        }
        return out;
    }

    private SigmaMatcher matcher(String key, String field, List<String> mods, YNode.Scalar v) throws SigmaRefusal {
        if (v.isNull()) {
            if (mods.stream().anyMatch(m -> !m.equals("all"))) {
                throw new SigmaRefusal("null in '" + key + "' cannot take modifiers");
            }
            return new SigmaMatcher.Null();
        }
        if (mods.contains("exists")) {
            if (v.type() != YNode.ScalarType.BOOLEAN) {
                throw new SigmaRefusal("'" + key + "' needs true or false with the exists modifier");
            }
            return new SigmaMatcher.Exists(v.value().equalsIgnoreCase("true"));
        }
        SigmaMatcher.ValueTest t = valueTest(key, field, mods, v);
        return mods.contains("neq") ? new SigmaMatcher.Not(t) : t;
    }

    private SigmaMatcher.ValueTest valueTest(String key, String field, List<String> mods, YNode.Scalar v)
            throws SigmaRefusal {
        boolean cased = mods.contains("cased");
        String how = mods.contains("contains") ? "contains" : mods.contains("startswith") ? "startswith"
                : mods.contains("endswith") ? "endswith" : "equals";
        String cmp = mods.stream().filter(COMPARE::contains).findFirst().orElse(null);
        String time = mods.stream().filter(TIME_PARTS::contains).findFirst().orElse(null);
        if (mods.contains("re")) {
            return regex(key, mods, v.value());
        }
        if (mods.contains("cidr")) {
            try {
                return new SigmaMatcher.Network(Cidr.parse(v.value()));
            } catch (IllegalArgumentException e) {
                throw new SigmaRefusal("'" + v.value() + "' is not a network for '" + key + "': " + e.getMessage());
            }
        }
        if (mods.contains("fieldref")) {
            return new SigmaMatcher.FieldRef(fields.apply(v.value()), how, cased);
        }
        if (time != null || cmp != null) {
            Double bound = Values.parseNumber(v.value());
            if (bound == null) {
                throw new SigmaRefusal("'" + key + "' compares with a number, not '" + v.value() + "'");
            }
            if (time == null) {
                return new SigmaMatcher.Compare(cmp, bound);
            }
            String op = cmp == null ? "eq" : cmp;
            return new SigmaMatcher.TimePart(time, x -> SigmaMatcher.compare(op, x, bound), time + " " + op + " "
                    + v.value());
        }
        if (v.type() == YNode.ScalarType.NUMBER && mods.stream().noneMatch(m -> !m.equals("all") && !m.equals("neq"))) {
            return new SigmaMatcher.Number(Double.parseDouble(v.value()), v.value());
        }
        return strings(key, mods, v.value(), cased);
    }

    private SigmaMatcher.ValueTest regex(String key, List<String> mods, String rx) throws SigmaRefusal {
        for (String m : mods) {
            if (!Set.of("re", "i", "m", "s", "ignorecase", "multiline", "dotall", "all", "neq").contains(m)) {
                throw new SigmaRefusal("modifier '" + m + "' cannot be combined with 're' in '" + key + "'");
            }
        }
        String flags = (mods.contains("i") || mods.contains("ignorecase") ? "i" : "")
                + (mods.contains("m") || mods.contains("multiline") ? "m" : "")
                + (mods.contains("s") || mods.contains("dotall") ? "s" : "");
        try {
            return new SigmaMatcher.Regex(Pattern.compile(flags.isEmpty() ? rx : "(?" + flags + ")" + rx));
        } catch (PatternSyntaxException e) {
            throw new SigmaRefusal("regular expression of '" + key + "' is not supported by Keelwatch's linear-time "
                    + "(RE2) engine: " + e.getDescription() + " in /" + rx + "/");
        }
    }

    /** The string path: expand, then each transformation in order, then wildcards. */
    private SigmaMatcher.ValueTest strings(String key, List<String> mods, String raw, boolean cased) throws SigmaRefusal {
        List<String> texts = mods.contains("expand") ? expand(key, raw) : List.of(raw);
        List<SigmaMatcher.ValueTest> alts = new ArrayList<>();
        for (String text : texts) {
            List<Object> cur = new ArrayList<>(List.of(SigmaString.parse(text)));
            for (String m : mods) {
                cur = transform(key, m, cur);
            }
            for (Object o : cur) {
                SigmaString s = o instanceof byte[] b ? SigmaString.literal(new String(b, StandardCharsets.UTF_8))
                        : (SigmaString) o;
                alts.add(new SigmaMatcher.Text(SigmaPattern.compile(s, cased)));
            }
        }
        return alts.size() == 1 ? alts.get(0) : new SigmaMatcher.AnyOf(alts, raw + " (" + alts.size() + " forms)");
    }

    private static List<Object> transform(String key, String m, List<Object> cur) throws SigmaRefusal {
        List<Object> out = new ArrayList<>();
        for (Object o : cur) {
            switch (m) {
                case "contains", "startswith", "endswith" -> {
                    SigmaString s = o instanceof byte[] b ? SigmaString.literal(new String(b, StandardCharsets.UTF_8))
                            : (SigmaString) o;
                    out.add(s.anchored(!m.equals("startswith"), !m.equals("endswith")));
                }
                case "windash" -> out.add(o instanceof SigmaString s ? s.windash() : o);
                case "wide", "utf16le", "utf16be", "utf16" -> out.add(SigmaEncodings.encode(bytes(key, m, o), m));
                case "base64" -> out.add(SigmaString.literal(SigmaEncodings.base64(bytes(key, m, o))));
                case "base64offset" -> SigmaEncodings.base64offset(bytes(key, m, o))
                        .forEach(x -> out.add(SigmaString.literal(x)));
                default -> out.add(o);
            }
        }
        return out;
    }

    private static byte[] bytes(String key, String m, Object o) throws SigmaRefusal {
        if (o instanceof byte[] b) {
            return b;
        }
        SigmaString s = (SigmaString) o;
        if (s.hasWildcards()) {
            throw new SigmaRefusal("'" + m + "' in '" + key + "' cannot encode a value with wildcards ('" + s + "')");
        }
        return s.plain().getBytes(StandardCharsets.UTF_8);
    }

    private List<String> expand(String key, String raw) throws SigmaRefusal {
        List<String> out = new ArrayList<>(List.of(""));
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            int close = c == '%' ? raw.indexOf('%', i + 1) : -1;
            if (c == '\\' && i + 1 < raw.length() && raw.charAt(i + 1) == '%') {
                out.replaceAll(s -> s + "%");
                i += 2;
            } else if (close > i + 1) {
                String name = raw.substring(i + 1, close);
                List<String> vals = pipeline.placeholder(name);
                if (vals == null || vals.isEmpty()) {
                    throw new SigmaRefusal("placeholder '%" + name + "%' of '" + key + "' (expand) has no values in the "
                            + "Sigma pipeline (" + SigmaPipeline.RESOURCE + ")");
                }
                List<String> next = new ArrayList<>();
                for (String prefix : out) {
                    vals.forEach(x -> next.add(prefix + x));
                }
                out = next;
                i = close + 1;
            } else {
                out.replaceAll(s -> s + c);
                i++;
            }
        }
        return out;
    }

    private static String labels(List<SigmaMatcher> ms) {
        List<String> l = new ArrayList<>();
        for (SigmaMatcher m : ms) {
            if (l.size() == 10) {
                l.add("...");
                break;
            }
            l.add(m.label());
        }
        return l.size() == 1 ? l.get(0) : l.toString();
    }
}
