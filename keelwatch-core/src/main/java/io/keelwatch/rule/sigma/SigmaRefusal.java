package io.keelwatch.rule.sigma;

import io.keelwatch.rule.parse.Loc;

/** A construct Keelwatch cannot evaluate (or an invalid one): the rule is refused with this message. */
final class SigmaRefusal extends Exception {
    private final transient Loc loc;

    SigmaRefusal(String message) {
        this(message, null);
    }

    SigmaRefusal(String message, Loc loc) {
        super(message);
        this.loc = loc;
    }

    /** Where the construct was written, or null when not known yet. */
    Loc loc() {
        return loc;
    }

    /** This refusal placed at {@code where} unless it already has a place. */
    SigmaRefusal at(Loc where) {
        return loc != null ? this : new SigmaRefusal(getMessage(), where);
    }
}
