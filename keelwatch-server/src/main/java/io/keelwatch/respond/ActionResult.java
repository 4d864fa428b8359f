package io.keelwatch.respond;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * The result of one response action, as recorded in the store: the action, the target key ({@code docker:ID},
 * {@code pod:NS/NAME}, {@code node:NAME}), the outcome, a sentence saying what happened or why not, and details
 * (networks disconnected, bundle written, the planned requests of a dry run).
 */
public record ActionResult(String action, String target, Outcome outcome, String message, ObjectNode details) {
    public enum Outcome {
        /** Changed what was asked for. */
        DONE,
        /** Nothing to do: already in the asked-for state. */
        NOOP,
        /** Did not happen; nothing was left half-way (see the message when a rollback failed too). */
        FAILED,
        /** Dry run: the requests that would be sent. */
        PLANNED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ActionResult {
        details = details == null ? JsonNodeFactory.instance.objectNode() : details;
    }

    public static ActionResult failed(String action, String target, String message) {
        return new ActionResult(action, target, Outcome.FAILED, message, null);
    }

    public boolean ok() {
        return outcome != Outcome.FAILED;
    }

    /** {@code {action, target, outcome, message, ...details}}. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("action", action);
        o.put("target", target);
        o.put("outcome", outcome.label());
        o.put("message", message);
        details.fields().forEachRemaining(e -> o.set(e.getKey(), e.getValue()));
        return o;
    }
}
