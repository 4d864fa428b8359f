package io.keelwatch.event;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An unmodifiable, insertion-ordered map of a few string keys in arrays: an event's normalized fields (some twenty,
 * and many events wait in the reorder buffer at once), a container's labels in the inventory. It takes a fifth of
 * the heap of a hash map; a lookup compares the cached hash codes of the few keys.
 */
public final class CompactMap<V> extends AbstractMap<String, V> {
    private final String[] keys;
    private final int[] hashes;
    private final Object[] values;
    /** One bit per key, at its hash code modulo 64: a key whose bit is clear is certainly absent. */
    private final long hashBits;

    /**
     * The keys, their hash codes and values (arrays of the same length, which this map takes over: the caller must
     * not change them), and the keys' hash bits.
     */
    CompactMap(String[] keys, int[] hashes, long hashBits, Object[] values) {
        this.keys = keys;
        this.hashes = hashes;
        this.values = values;
        this.hashBits = hashBits;
    }

    private static long bits(int[] hashes) {
        long b = 0;
        for (int h : hashes) {
            b |= 1L << h;      // the shift takes the low six bits
        }
        return b;
    }

    /** A copy of {@code fields}, in its iteration order. */
    public CompactMap(Map<String, ? extends V> fields) {
        int n = fields.size();
        keys = new String[n];
        hashes = new int[n];
        values = new Object[n];
        int i = 0;
        for (Map.Entry<String, ? extends V> e : fields.entrySet()) {
            keys[i] = e.getKey();
            hashes[i] = java.util.Objects.hashCode(e.getKey());
            values[i] = e.getValue();
            i++;
        }
        hashBits = bits(hashes);
    }

    private int indexOf(Object key) {
        if (!(key instanceof String k)) {
            return -1;
        }
        int h = k.hashCode();
        if ((hashBits & 1L << h) == 0) {
            return -1;         // the common case for a field an event does not have: no scan
        }
        int[] hs = hashes;
        for (int i = 0; i < hs.length; i++) {
            if (hs[i] == h) {
                String s = keys[i];
                if (s == k || s.equals(k)) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : (V) values[i];
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
    public Set<Map.Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < keys.length;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Map.Entry<String, V> next() {
                        if (i >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, V> e = new SimpleImmutableEntry<>(keys[i], (V) values[i]);
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
