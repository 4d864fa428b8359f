package io.keelwatch.rule.compile;

/**
 * A costly text test (globs, regular expressions, networks, long lists) that remembers its verdict for recently seen
 * texts. Audit logs repeat the same few user agents, commands and addresses, so most tests become one hash lookup.
 * The table is small and direct-mapped; threads that race on a slot only lose an entry (entries are immutable), so
 * a verdict is always the inner test's.
 */
final class RememberedTest implements ValueTest {
    private static final int SLOTS = 128;
    /** Longer texts are tested every time (they are rarely repeated, and would hold on to memory). */
    private static final int MAX_TEXT = 256;

    private record Entry(String text, boolean verdict) {
    }

    private final ValueTest inner;
    private final Entry[] table = new Entry[SLOTS];

    RememberedTest(ValueTest inner) {
        this.inner = inner;
    }

    @Override
    public boolean test(Object value) {
        if (!(value instanceof String s) || s.length() > MAX_TEXT) {
            return inner.test(value);
        }
        int h = s.hashCode();
        int slot = (h ^ h >>> 16) & (SLOTS - 1);
        Entry e = table[slot];
        if (e != null && (e.text == s || e.text.equals(s))) {
            return e.verdict;
        }
        boolean verdict = inner.test(s);
        table[slot] = new Entry(s, verdict);
        return verdict;
    }
}
