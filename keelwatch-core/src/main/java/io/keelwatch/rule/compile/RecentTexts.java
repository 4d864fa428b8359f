package io.keelwatch.rule.compile;

/**
 * What a costly function of a text gave for recently seen texts: a small direct-mapped table. Audit logs repeat the
 * same few user agents, users, commands and addresses, so most lookups find the text. Entries are immutable, so
 * threads that race on a slot only lose an entry; an answer found is always the one the function gave for that text.
 *
 * @param <T> the answers (not null)
 */
public final class RecentTexts<T> {
    private static final int SLOTS = 128;
    /** Longer texts are not kept (they are rarely repeated, and would hold on to memory). */
    private static final int MAX_TEXT = 256;

    private record Entry<T>(String text, T answer) {
    }

    @SuppressWarnings("unchecked")
    private final Entry<T>[] table = new Entry[SLOTS];

    /** The answer kept for {@code text}, or null. */
    public T find(String text) {
        Entry<T> e = table[slot(text)];
        return e != null && (e.text == text || e.text.equals(text)) ? e.answer : null;
    }

    /** Keeps {@code answer} for {@code text} (unless the text is long), in place of what its slot held. */
    public void keep(String text, T answer) {
        if (text.length() <= MAX_TEXT) {
            table[slot(text)] = new Entry<>(text, answer);
        }
    }

    private static int slot(String text) {
        int h = text.hashCode();
        return (h ^ h >>> 16) & (SLOTS - 1);
    }
}
