package io.keelwatch.event;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An event's normalized fields: an unmodifiable, insertion-ordered map in two arrays. An event holds some twenty
 * fields and many events wait in the reorder buffer at once, so this takes a fifth of the heap of a hash map; a
 * lookup compares the cached hash codes of the few keys.
 */
final class FieldMap extends AbstractMap<String, Object> {
    private final String[] keys;
    private final int[] hashes;
    private final Object[] values;

    /** The first {@code n} keys and values of the arrays (copied). */
    FieldMap(String[] keys, Object[] values, int n) {
        this.keys = java.util.Arrays.copyOf(keys, n);
        this.values = java.util.Arrays.copyOf(values, n);
        this.hashes = new int[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = keys[i].hashCode();
        }
    }

    FieldMap(Map<String, Object> fields) {
        int n = fields.size();
        keys = new String[n];
        hashes = new int[n];
        values = new Object[n];
        int i = 0;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            keys[i] = e.getKey();
            hashes[i] = java.util.Objects.hashCode(e.getKey());
            values[i] = e.getValue();
            i++;
        }
    }

    private int indexOf(Object key) {
        if (!(key instanceof String k)) {
            return -1;
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == k) {
                return i;
            }
        }
        int h = k.hashCode();
        for (int i = 0; i < keys.length; i++) {
            if (hashes[i] == h && k.equals(keys[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < keys.length;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (i >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, Object> e = new SimpleImmutableEntry<>(keys[i], values[i]);
                        i++;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
