package io.keelwatch.rule.compile;

/**
 * What a costly function of a text gave for recently seen texts: a small table, two slots per hash. Audit logs
 * repeat the same few user agents, users, commands and addresses, so most lookups find the text. Entries are
 * immutable, so threads that race on a slot only lose an entry; an answer found is always the one the function gave
 * for that text.
 *
 * @param <T> the answers (not null)
 */
public final class RecentTexts<T> {
    /** Longer texts are not kept (they are rarely repeated, and would hold on to memory). */
    private static final int MAX_TEXT = 256;

    private record Entry<T>(String text, T answer) {
    }

    private final Entry<T>[] table;
    private final int shift;

    /** A table of 128 slots. */
    public RecentTexts() {
        this(128);
    }

    /** A table of {@code slots} slots (a power of two, at least 2), in pairs. */
    @SuppressWarnings("unchecked")
    public RecentTexts(int slots) {
        if (Integer.bitCount(slots) != 1 || slots < 2) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        table = new Entry[slots];
        shift = 32 - Integer.numberOfTrailingZeros(slots);
    }

    /** The answer kept for {@code text}, or null. */
    public T find(String text) {
        int i = slot(text);
        Entry<T> e = table[i];
        if (e != null && (e.text == text || e.text.equals(text))) {
            return e.answer;
        }
        e = table[i + 1];
        return e != null && (e.text == text || e.text.equals(text)) ? e.answer : null;
    }

    /**
     * Keeps {@code answer} for {@code text} (unless the text is long) in the first of its two slots; what that slot
     * held moves to the second, so two texts that share their slots are both kept.
     */
    public void keep(String text, T answer) {
        if (text.length() <= MAX_TEXT) {
            int i = slot(text);
            table[i + 1] = table[i];
            table[i] = new Entry<>(text, answer);
        }
    }

    /** The first of the two slots of a text: the high bits of its hash times a large odd number (well spread). */
    private int slot(String text) {
        return (text.hashCode() * 0x9E3779B9 >>> shift) & ~1;
    }
}
