package io.keelwatch.rule.compile;

import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;
import io.keelwatch.rule.Explanation;

import java.util.Set;

/** A compiled condition: evaluated per event, with field paths, lists, regexes and macros resolved ahead. */
public interface Cond {
    boolean test(Event e);

    /** Evaluates every part (no short-circuit) and reports what held and which values were seen. */
    Explanation explain(Event e);

    /** The condition text this node came from (whitespace collapsed). */
    String label();

    /**
     * The {@code event.action} values an event must have for this condition to hold, or null when any action
     * may match. Used to index rules by action.
     */
    default Set<String> requiredActions() {
        return null;
    }

    /**
     * The values (compared as text) that the normalized field {@code field} must have for this condition to hold,
     * or null when the condition does not require one. An event without any value of the field cannot match. Used
     * to index rules by any field they compare for equality; by default only {@code event.action} is known.
     */
    default Set<String> requiredValues(String field) {
        return Fields.EVENT_ACTION.equals(field) ? requiredActions() : null;
    }
}
