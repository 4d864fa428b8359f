package io.keelwatch.rule;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.event.Fields;
import io.keelwatch.rule.compile.Values;

import java.util.List;
import java.util.Map;

/**
 * The clauses that name one field, as bits over the clause ids: by value, and those any value meets; the values
 * that are whole numbers also by number (sorted), so that a number is looked up as it is.
 */
record IndexGroup(FieldPath path, boolean action, Map<String, Long> byValue, long anyValue, long all,
                  long[] numbers, long[] numberBits) {
    /** Whole numbers beyond this may not be exact as doubles: such a value meets every clause of its group. */
    private static final long EXACT_LONG = 1L << 53;

    static IndexGroup of(String field, Map<String, Long> byValue, long anyValue, long all) {
        java.util.TreeMap<Long, Long> sorted = new java.util.TreeMap<>();
        byValue.forEach((text, bits) -> {
            if (Guards.CANONICAL_NUMBER.matcher(text).matches()) {      // at most 15 digits: fits a long
                sorted.put(Long.parseLong(text), bits);
            }
        });
        return new IndexGroup(FieldPath.parse(field), field.equals(Fields.EVENT_ACTION), Map.copyOf(byValue),
                anyValue, all, sorted.keySet().stream().mapToLong(Long::longValue).toArray(),
                sorted.values().stream().mapToLong(Long::longValue).toArray());
    }

    /** The clauses the event's values of this field meet. */
    long lookUp(Event e) {
        if (action) {
            Object a = e.field(Fields.EVENT_ACTION);
            return a == null ? 0 : anyValue | text(a.toString());
        }
        Object plain = path.plainValue(e);
        if (plain == null && !path.rawMayHave(e)) {
            return 0;
        }
        if (plain != null && !(plain instanceof java.util.Collection<?>)) {
            return byValue.isEmpty() ? anyValue : anyValue | value(plain);
        }
        if (plain instanceof List<?> list) {          // as collect: each value that is not null
            long met = 0;
            for (int k = 0; k < list.size(); k++) {
                Object v = list.get(k);
                if (v != null) {
                    met |= anyValue | value(v);
                }
            }
            return met;
        }
        long[] met = {0};
        path.collect(e, v -> met[0] |= anyValue | value(v));
        return met[0];
    }

    private long text(String t) {
        Long bits = byValue.get(t);
        return bits == null ? 0 : bits;
    }

    /** The clauses a value meets: its text's entry, or all of the group's when text lookup is not exact. */
    private long value(Object v) {
        if (v instanceof String s) {
            return text(s);
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            long l = ((Number) v).longValue();
            if (l >= EXACT_LONG || l <= -EXACT_LONG) {
                return all;
            }
            int k = java.util.Arrays.binarySearch(numbers, l);
            return k < 0 ? 0 : numberBits[k];
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? text(Values.text(d)) : all;
        }
        if (v instanceof Number) {
            return all;
        }
        String t = Values.text(v);
        return t == null ? 0 : text(t);
    }
}
