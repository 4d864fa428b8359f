package io.keelwatch.rule.compile;

import com.google.re2j.Pattern;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The value tests behind each operator. Equality compares numbers numerically when the event value is a
 * number and the literal is numeric; everything else compares as text (booleans as {@code true}/{@code false}).
 * Ordering operators coerce numeric strings. Text operators see numbers and booleans as their text and never
 * match objects, arrays or maps.
 */
public final class ValueTests {
    private ValueTests() {
    }

    public static ValueTest equalTo(String literal) {
        Double num = Values.parseNumber(literal);
        return v -> {
            if (v instanceof Number n && num != null) {
                return n.doubleValue() == num;
            }
            String s = Values.text(v);
            return s != null && s.equals(literal);
        };
    }

    public static ValueTest iequals(String literal) {
        String lower = literal.toLowerCase(Locale.ROOT);
        return v -> {
            String s = Values.text(v);
            return s != null && s.toLowerCase(Locale.ROOT).equals(lower);
        };
    }

    /** {@code <, <=, >, >=} against a number; non-numeric values never match. */
    public static ValueTest ordering(String op, double bound) {
        return switch (op) {
            case "<" -> v -> {
                Double d = Values.number(v);
                return d != null && d < bound;
            };
            case "<=" -> v -> {
                Double d = Values.number(v);
                return d != null && d <= bound;
            };
            case ">" -> v -> {
                Double d = Values.number(v);
                return d != null && d > bound;
            };
            case ">=" -> v -> {
                Double d = Values.number(v);
                return d != null && d >= bound;
            };
            default -> throw new IllegalArgumentException(op);
        };
    }

    /** Membership, with the same equality as {@link #equalTo}. */
    public static ValueTest in(Set<String> literals) {
        Set<String> set = Set.copyOf(literals);
        Set<Double> nums = new HashSet<>();
        for (String s : set) {
            Double d = Values.parseNumber(s);
            if (d != null) {
                nums.add(d);
            }
        }
        return v -> {
            if (v instanceof Number n && nums.contains(n.doubleValue())) {
                return true;
            }
            String s = Values.text(v);
            return s != null && set.contains(s);
        };
    }

    public static ValueTest contains(String literal) {
        return v -> {
            String s = Values.text(v);
            return s != null && s.contains(literal);
        };
    }

    public static ValueTest icontains(String literal) {
        String lower = literal.toLowerCase(Locale.ROOT);
        return v -> {
            String s = Values.text(v);
            return s != null && s.toLowerCase(Locale.ROOT).contains(lower);
        };
    }

    public static ValueTest startsWith(String literal) {
        return v -> {
            String s = Values.text(v);
            return s != null && s.startsWith(literal);
        };
    }

    public static ValueTest endsWith(String literal) {
        return v -> {
            String s = Values.text(v);
            return s != null && s.endsWith(literal);
        };
    }

    public static ValueTest glob(Glob g) {
        return v -> g.matches(Values.text(v));
    }

    /** Unanchored search (use ^ and $ to anchor). */
    public static ValueTest regex(Pattern p) {
        return v -> {
            String s = Values.text(v);
            return s != null && p.matcher(s).find();
        };
    }

    public static ValueTest cidr(List<Cidr> nets) {
        List<Cidr> l = List.copyOf(nets);
        return v -> {
            String s = Values.text(v);
            if (s == null) {
                return false;
            }
            for (Cidr c : l) {
                if (c.contains(s)) {
                    return true;
                }
            }
            return false;
        };
    }

    public static ValueTest anyOf(List<ValueTest> tests) {
        if (tests.size() == 1) {
            return tests.get(0);
        }
        ValueTest[] arr = tests.toArray(new ValueTest[0]);
        return v -> {
            for (ValueTest t : arr) {
                if (t.test(v)) {
                    return true;
                }
            }
            return false;
        };
    }
}
