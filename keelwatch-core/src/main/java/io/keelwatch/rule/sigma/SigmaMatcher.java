package io.keelwatch.rule.sigma;

import com.google.re2j.Pattern;
import io.keelwatch.event.Event;
import io.keelwatch.event.Times;
import io.keelwatch.rule.compile.Cidr;
import io.keelwatch.rule.compile.Values;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;

/**
 * The test one value of a detection item puts to a field: over all the field's values in an event. Most matchers
 * hold when some value matches; {@code null} holds when the field has no value, {@code neq} when it has values and
 * none matches, {@code exists} when it has (or has not) a value.
 */
interface SigmaMatcher {
    boolean holds(List<Object> values, Event e);

    String label();

    /** Tests single values; holds when one of the field's values passes. */
    interface ValueTest extends SigmaMatcher {
        boolean test(Object v, Event e);

        @Override
        default boolean holds(List<Object> values, Event e) {
            for (Object v : values) {
                if (test(v, e)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A Sigma string (with wildcards) against the value's text. */
    record Text(SigmaPattern pattern) implements ValueTest {
        @Override
        public boolean test(Object v, Event e) {
            return pattern.matches(Values.text(v));
        }

        @Override
        public String label() {
            return pattern.toString();
        }
    }

    /** Any of several alternatives (windash, base64offset, expand). */
    record AnyOf(List<ValueTest> alternatives, String label) implements ValueTest {
        @Override
        public boolean test(Object v, Event e) {
            for (ValueTest t : alternatives) {
                if (t.test(v, e)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A number written in the rule: numeric equality, or the same text. */
    record Number(double value, String text) implements ValueTest {
        @Override
        public boolean test(Object v, Event e) {
            Double d = Values.number(v);
            if (d != null) {
                return d == value;
            }
            String s = Values.text(v);
            return s != null && s.equalsIgnoreCase(text);
        }

        @Override
        public String label() {
            return text;
        }
    }

    /** {@code lt lte gt gte}: the value as a number. */
    record Compare(String op, double bound) implements ValueTest {
        @Override
        public boolean test(Object v, Event e) {
            Double d = Values.number(v);
            return d != null && compare(op, d, bound);
        }

        @Override
        public String label() {
            return op + " " + Values.text(bound);
        }
    }

    static boolean compare(String op, double a, double b) {
        return switch (op) {
            case "lt" -> a < b;
            case "lte" -> a <= b;
            case "gt" -> a > b;
            case "gte" -> a >= b;
            default -> a == b;
        };
    }

    /** {@code re}: found anywhere in the value (RE2 syntax). */
    record Regex(Pattern pattern) implements ValueTest {
        @Override
        public boolean test(Object v, Event e) {
            String s = Values.text(v);
            return s != null && pattern.matcher(s).find();
        }

        @Override
        public String label() {
            return "/" + pattern.pattern() + "/";
        }
    }

    record Network(Cidr cidr) implements ValueTest {
        @Override
        public boolean test(Object v, Event e) {
            String s = Values.text(v);
            return s != null && cidr.contains(s);
        }

        @Override
        public String label() {
            return "cidr " + cidr;
        }
    }

    /** {@code fieldref}: equal to (or containing, starting or ending with) a value of another field. */
    record FieldRef(SigmaField other, String how, boolean cased) implements ValueTest {
        @Override
        public boolean test(Object v, Event e) {
            String s = Values.text(v);
            if (s == null) {
                return false;
            }
            String a = cased ? s : s.toLowerCase(Locale.ROOT);
            for (Object o : other.values(e)) {
                String t = Values.text(o);
                if (t == null) {
                    continue;
                }
                String b = cased ? t : t.toLowerCase(Locale.ROOT);
                boolean hit = switch (how) {
                    case "contains" -> a.contains(b);
                    case "startswith" -> a.startsWith(b);
                    case "endswith" -> a.endsWith(b);
                    default -> a.equals(b);
                };
                if (hit) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String label() {
            return "field " + other.name();
        }
    }

    /** Time modifiers: a part of the value read as a timestamp (UTC), compared with a number. */
    record TimePart(String part, DoublePredicate test, String label) implements ValueTest {
        @Override
        public boolean test(Object v, Event e) {
            Long nanos = timestamp(v);
            if (nanos == null) {
                return false;
            }
            ZonedDateTime t = Times.toInstant(nanos).atZone(ZoneOffset.UTC);
            int x = switch (part) {
                case "minute" -> t.getMinute();
                case "hour" -> t.getHour();
                case "day" -> t.getDayOfMonth();
                case "week" -> t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                case "month" -> t.getMonthValue();
                default -> t.getYear();
            };
            return test.test(x);
        }

        private static Long timestamp(Object v) {
            if (v instanceof java.lang.Number n) {
                double d = n.doubleValue();
                return Times.ofEpochNumber(d);
            }
            String s = Values.text(v);
            if (s == null) {
                return null;
            }
            try {
                return Times.parse(s.contains("T") || !s.contains(" ") ? s : s.replaceFirst(" ", "T")
                        + (s.endsWith("Z") ? "" : "Z"));
            } catch (RuntimeException ex) {
                return null;
            }
        }
    }

    /** {@code null}: the field is missing or null. */
    record Null() implements SigmaMatcher {
        @Override
        public boolean holds(List<Object> values, Event e) {
            return values.isEmpty();
        }

        @Override
        public String label() {
            return "null";
        }
    }

    /** {@code exists}: the field has a value (true) or not (false). */
    record Exists(boolean expected) implements SigmaMatcher {
        @Override
        public boolean holds(List<Object> values, Event e) {
            return !values.isEmpty() == expected;
        }

        @Override
        public String label() {
            return "exists " + expected;
        }
    }

    /** {@code neq}: the field has values and none passes. */
    record Not(ValueTest inner) implements SigmaMatcher {
        @Override
        public boolean holds(List<Object> values, Event e) {
            return !values.isEmpty() && !inner.holds(values, e);
        }

        @Override
        public String label() {
            return "not " + inner.label();
        }
    }
}
