package io.keelwatch.rule.compile;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Pattern;

/** Conversions of field values (String, Long, Double, Boolean, JsonNode, Map) for comparisons. */
public final class Values {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private Values() {
    }

    /** The value as text, or null for objects, arrays and maps (which no text operator matches). */
    public static String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15
                    ? Long.toString(d.longValue()) : d.toString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return null;
    }

    /** The value as a number: numbers as they are, numeric strings parsed; otherwise null. */
    public static Double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            return parseNumber(s);
        }
        return null;
    }

    /** Parses decimal text (optionally signed, with fraction and exponent), or null. */
    public static Double parseNumber(String s) {
        String t = s.trim();
        if (t.isEmpty() || t.length() > 40 || !NUMBER.matcher(t).matches()) {
            return null;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A short display form for explain output. */
    public static String display(Object v) {
        String s = v instanceof JsonNode n ? n.toString() : v instanceof String str ? str : String.valueOf(v);
        if (v instanceof String) {
            s = "\"" + s + "\"";
        }
        return s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }
}
