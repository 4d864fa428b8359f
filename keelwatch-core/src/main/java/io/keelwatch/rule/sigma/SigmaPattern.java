package io.keelwatch.rule.sigma;

import com.google.re2j.Pattern;

import java.util.List;
import java.util.Locale;

/**
 * A compiled {@link SigmaString} matched against a whole value, case-insensitively unless {@code cased}. Plain
 * text, {@code text*}, {@code *text} and {@code *text*} use string operations; anything else compiles to a
 * linear-time RE2J expression.
 */
final class SigmaPattern {
    private enum Shape { EQUALS, PREFIX, SUFFIX, CONTAINS, REGEX }

    private final Shape shape;
    private final String text;
    private final boolean cased;
    private final Pattern regex;
    private final String display;

    private SigmaPattern(Shape shape, String text, boolean cased, Pattern regex, String display) {
        this.shape = shape;
        this.text = text;
        this.cased = cased;
        this.regex = regex;
        this.display = display;
    }

    static SigmaPattern compile(SigmaString s, boolean cased) {
        List<SigmaString.Token> t = s.tokens();
        int from = 0;
        int to = t.size();
        boolean start = to > 0 && t.get(0).kind() == SigmaString.Kind.ANY;
        boolean end = to > (start ? 1 : 0) && t.get(to - 1).kind() == SigmaString.Kind.ANY;
        if (start) {
            from++;
        }
        if (end) {
            to--;
        }
        boolean literal = true;
        StringBuilder lit = new StringBuilder();
        for (int i = from; i < to; i++) {
            literal &= t.get(i).kind() == SigmaString.Kind.LITERAL;
            lit.append(t.get(i).ch());
        }
        String display = s.toString();
        if (literal) {
            String l = cased ? lit.toString() : lit.toString().toLowerCase(Locale.ROOT);
            Shape shape = start && end ? Shape.CONTAINS : start ? Shape.SUFFIX : end ? Shape.PREFIX : Shape.EQUALS;
            if (start && to < from) {
                shape = Shape.CONTAINS;   // "*": anything
            }
            return new SigmaPattern(shape, l, cased, null, display);
        }
        StringBuilder rx = new StringBuilder(cased ? "(?s)" : "(?is)");
        for (SigmaString.Token k : t) {
            switch (k.kind()) {
                case ANY -> rx.append(".*");
                case ONE -> rx.append('.');
                case CLASS -> {
                    rx.append('[');
                    k.chars().chars().forEach(c -> rx.append(quoteInClass((char) c)));
                    rx.append(']');
                }
                default -> rx.append(Pattern.quote(String.valueOf(k.ch())));
            }
        }
        return new SigmaPattern(Shape.REGEX, null, cased, Pattern.compile(rx.toString()), display);
    }

    private static String quoteInClass(char c) {
        return "\\^-[]".indexOf(c) >= 0 ? "\\" + c : String.valueOf(c);
    }

    boolean matches(String v) {
        if (v == null) {
            return false;
        }
        if (shape == Shape.REGEX) {
            return regex.matches(v);
        }
        String s = cased ? v : v.toLowerCase(Locale.ROOT);
        return switch (shape) {
            case EQUALS -> s.equals(text);
            case PREFIX -> s.startsWith(text);
            case SUFFIX -> s.endsWith(text);
            default -> s.contains(text);
        };
    }

    @Override
    public String toString() {
        return display;
    }
}
