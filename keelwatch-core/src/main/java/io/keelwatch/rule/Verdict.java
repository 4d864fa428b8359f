package io.keelwatch.rule;

/** What a rule made of one event. */
public enum Verdict {
    /** The condition held, no exception matched, the event is not allow-listed: the rule fires. */
    MATCH,
    /** The condition did not hold. */
    NO_MATCH,
    /** The condition held but an exception (the rule's or the tuning's) matched. */
    EXCEPTION,
    /** The condition held but the event matches a global allow-list. */
    ALLOWLISTED;

    public boolean fires() {
        return this == MATCH;
    }
}
