package io.keelwatch.rule.sigma;

import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.compile.Conds;
import io.keelwatch.rule.parse.LocatedString;
import io.keelwatch.rule.parse.YNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compiles a rule's {@code detection} section into one condition: each search identifier (a map: AND over its
 * items; a list of maps: OR; a list of plain values: keywords) and the {@code condition} (a string or a list of
 * strings, OR'ed) with {@code and}, {@code or}, {@code not}, parentheses and {@code x of} over identifiers and
 * patterns. Identifiers starting with {@code _} are left out of {@code them} and of patterns that do not start
 * with {@code _} themselves.
 */
final class SigmaDetection {
    private final Map<String, YNode> identifiers = new LinkedHashMap<>();
    private final Map<String, Cond> compiled = new LinkedHashMap<>();
    private final SigmaItems items;

    private SigmaDetection(SigmaItems items) {
        this.items = items;
    }

    /** The detection as a condition over one source's field mapping; {@code conditions} as written. */
    static Cond compile(YNode.Map detection, SigmaItems items) throws SigmaRefusal {
        SigmaDetection d = new SigmaDetection(items);
        for (YNode.Entry e : detection.entries()) {
            if (!e.key().equals("condition") && !e.key().equals("timeframe")) {
                d.identifiers.put(e.key(), e.value());
            }
        }
        List<Cond> conds = new ArrayList<>();
        for (LocatedString c : conditions(detection)) {
            conds.add(d.condition(c));
        }
        return conds.size() == 1 ? conds.get(0) : new Conds.Or("or", conds);
    }

    /** The condition strings of a detection; refuses a missing or malformed one. */
    static List<LocatedString> conditions(YNode.Map detection) throws SigmaRefusal {
        YNode c = detection.get("condition");
        List<LocatedString> out = new ArrayList<>();
        if (c instanceof YNode.Scalar s && !s.isNull() && !s.value().isBlank()) {
            out.add(s.text());
        } else if (c instanceof YNode.Seq seq && !seq.items().isEmpty()) {
            for (YNode n : seq.items()) {
                if (!(n instanceof YNode.Scalar s) || s.value().isBlank()) {
                    throw new SigmaRefusal("conditions must be strings", n.loc());
                }
                out.add(s.text());
            }
        } else {
            throw new SigmaRefusal("detection has no condition", detection.loc());
        }
        return out;
    }

    private Cond condition(LocatedString text) throws SigmaRefusal {
        SigmaExpr e;
        try {
            e = SigmaConditionParser.parse(text.value());
        } catch (SigmaConditionLexer.SyntaxError ex) {
            throw new SigmaRefusal("condition: " + ex.getMessage(), text.loc(ex.pos));
        }
        return node(e, text);
    }

    private Cond node(SigmaExpr e, LocatedString text) throws SigmaRefusal {
        if (e instanceof SigmaExpr.And a) {
            return new Conds.And("and", nodes(a.terms(), text));
        }
        if (e instanceof SigmaExpr.Or o) {
            return new Conds.Or("or", nodes(o.terms(), text));
        }
        if (e instanceof SigmaExpr.Not n) {
            return new Conds.Not("not", node(n.inner(), text));
        }
        if (e instanceof SigmaExpr.Ident id) {
            if (!identifiers.containsKey(id.name())) {
                throw new SigmaRefusal("condition names '" + id.name() + "', which the detection does not define",
                        text.loc(id.pos()));
            }
            return identifier(id.name());
        }
        SigmaExpr.Quantified q = (SigmaExpr.Quantified) e;
        List<Cond> terms = new ArrayList<>();
        for (String name : matching(q.pattern())) {
            terms.add(identifier(name));
        }
        if (terms.isEmpty()) {
            throw new SigmaRefusal("no search identifier matches '" + q.pattern() + "'", text.loc(q.pos()));
        }
        String label = (q.count() < 0 ? "all" : q.count()) + " of " + q.pattern();
        if (q.count() < 0) {
            return new Conds.And(label, terms);
        }
        return q.count() == 1 ? new Conds.Or(label, terms) : new SigmaConds.AtLeast(label, q.count(), terms);
    }

    private List<Cond> nodes(List<SigmaExpr> es, LocatedString text) throws SigmaRefusal {
        List<Cond> out = new ArrayList<>();
        for (SigmaExpr x : es) {
            out.add(node(x, text));
        }
        return out;
    }

    private List<String> matching(String pattern) {
        List<String> out = new ArrayList<>();
        boolean them = pattern.equals("them");
        Pattern p = them ? null : Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
        for (String name : identifiers.keySet()) {
            boolean hidden = name.startsWith("_") && (them || !pattern.startsWith("_"));
            if (!hidden && (them || p.matcher(name).matches())) {
                out.add(name);
            }
        }
        return out;
    }

    private Cond identifier(String name) throws SigmaRefusal {
        Cond c = compiled.get(name);
        if (c == null) {
            c = new SigmaConds.Named(name, definition(name, identifiers.get(name)));
            compiled.put(name, c);
        }
        return c;
    }

    private Cond definition(String name, YNode n) throws SigmaRefusal {
        if (n instanceof YNode.Map m) {
            return map(m);
        }
        if (n instanceof YNode.Seq seq) {
            List<Cond> alts = new ArrayList<>();
            List<YNode.Scalar> keywords = new ArrayList<>();
            for (YNode x : seq.items()) {
                if (x instanceof YNode.Map m) {
                    alts.add(map(m));
                } else if (x instanceof YNode.Scalar s) {
                    keywords.add(s);
                } else {
                    throw new SigmaRefusal("'" + name + "' holds a nested list; use maps or plain values", x.loc());
                }
            }
            if (!keywords.isEmpty()) {
                alts.add(0, items.keywords(keywords, name + " (keywords)"));
            }
            if (alts.isEmpty()) {
                throw new SigmaRefusal("search identifier '" + name + "' is empty", n.loc());
            }
            return alts.size() == 1 ? alts.get(0) : new Conds.Or("or", alts);
        }
        YNode.Scalar s = (YNode.Scalar) n;
        if (s.isNull()) {
            throw new SigmaRefusal("search identifier '" + name + "' is empty", n.loc());
        }
        return items.keywords(List.of(s), name + " (keyword)");
    }

    private Cond map(YNode.Map m) throws SigmaRefusal {
        if (m.entries().isEmpty()) {
            throw new SigmaRefusal("empty map in the detection", m.loc());
        }
        List<Cond> terms = new ArrayList<>();
        for (YNode.Entry e : m.entries()) {
            try {
                terms.add(items.item(e.key(), e.value()));
            } catch (SigmaRefusal r) {
                throw r.at(e.keyLoc());
            }
        }
        return terms.size() == 1 ? terms.get(0) : new Conds.And("and", terms);
    }
}
