package io.keelwatch.rule.compile;

/**
 * A costly text test (globs, regular expressions, networks, long lists) that remembers its verdict for recently seen
 * texts ({@link RecentTexts}), so that most tests of repeated values are one hash lookup.
 */
final class RememberedTest implements ValueTest {
    private final ValueTest inner;
    private final RecentTexts<Boolean> recent = new RecentTexts<>();

    RememberedTest(ValueTest inner) {
        this.inner = inner;
    }

    @Override
    public boolean test(Object value) {
        if (!(value instanceof String s)) {
            return inner.test(value);
        }
        Boolean verdict = recent.find(s);
        if (verdict == null) {
            verdict = inner.test(s);
            recent.keep(s, verdict);
        }
        return verdict;
    }
}
