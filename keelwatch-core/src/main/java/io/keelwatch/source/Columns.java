package io.keelwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A header of named, typed columns for delimited text records (Zeek TSV logs, VPC flow logs): turns the
 * values of one line into an ObjectNode keyed by the native column names. Unset values are left out of the
 * record; a value its column's type cannot read rejects the line with the column's name.
 */
final class Columns {
    private final String[] names;
    private final List<Function<String, JsonNode>> types;
    private final Set<String> unset;

    /** @param unset the placeholders that mean "no value" ({@code -} in both formats) */
    Columns(List<String> names, List<Function<String, JsonNode>> types, Set<String> unset) {
        if (names.size() != types.size()) {
            throw new IllegalArgumentException("one type per column needed");
        }
        this.names = names.toArray(new String[0]);
        this.types = List.copyOf(types);
        this.unset = Set.copyOf(unset);
    }

    int size() {
        return names.length;
    }

    String name(int i) {
        return names[i];
    }

    int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The record for one line's values; throws IllegalArgumentException naming the column that is wrong. */
    ObjectNode record(String[] values) {
        if (values.length != names.length) {
            throw new IllegalArgumentException("expected " + names.length + " columns (as the header names), found "
                    + values.length);
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < values.length; i++) {
            String v = values[i];
            if (unset.contains(v)) {
                continue;
            }
            JsonNode n;
            try {
                n = types.get(i).apply(v);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("column " + names[i] + ": " + LineEventStream.describe(e));
            }
            if (n != null) {
                o.set(names[i], n);
            }
        }
        return o;
    }

    /** Splits on every occurrence of sep, keeping empty fields. */
    static String[] split(String line, String sep) {
        if (sep.isEmpty()) {
            return new String[]{line};
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        int i;
        while ((i = line.indexOf(sep, start)) >= 0) {
            out.add(line.substring(start, i));
            start = i + sep.length();
        }
        out.add(line.substring(start));
        return out.toArray(new String[0]);
    }

    /** Splits on runs of spaces and tabs, ignoring leading and trailing ones. */
    static String[] splitBlanks(String line) {
        String s = line.strip();
        return s.isEmpty() ? new String[0] : s.split("[ \\t]+");
    }

    // column types
    static JsonNode text(String v) {
        return JsonNodeFactory.instance.textNode(v);
    }

    static JsonNode integer(String v) {
        try {
            return JsonNodeFactory.instance.numberNode(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number '" + ValueParsers.abbreviate(v) + "'");
        }
    }

    /** Decimal kept exact (BigDecimal), so epoch seconds with microseconds lose nothing. */
    static JsonNode decimal(String v) {
        if (v.isEmpty() || !v.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d{1,3})?")) {
            throw new IllegalArgumentException("not a number '" + ValueParsers.abbreviate(v) + "'");
        }
        return com.fasterxml.jackson.databind.node.DecimalNode.valueOf(new java.math.BigDecimal(v));
    }
}
