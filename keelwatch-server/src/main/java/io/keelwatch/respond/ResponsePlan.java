package io.keelwatch.respond;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The requests one response action sends, in order, each with the request that undoes it (when there is one).
 * A dry run lists the requests; {@link #execute} sends them and, when one fails, undoes the ones already sent in
 * reverse order before reporting the failure, so that nothing is left half-way. A plan without steps is a no-op
 * (the target is already in the asked-for state) and says why.
 */
public final class ResponsePlan {
    /** Sends one request. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    /**
     * One request: {@code request} is its method and path as sent ({@code POST /v1.47/networks/ID/disconnect}),
     * {@code body} its body as sent (JSON or YAML text, or null), {@code undo} the step that reverses it (or null).
     */
    public record Step(String request, String body, Call call, Step undo) {
    }

    private final String action;
    private final String target;
    private final List<Step> steps = new ArrayList<>();
    private final ObjectNode details = JsonNodeFactory.instance.objectNode();
    private String noop = "nothing to do";
    private String done;

    public ResponsePlan(String action, String target) {
        this.action = action;
        this.target = target;
    }

    public ResponsePlan step(Step s) {
        steps.add(s);
        return this;
    }

    /** Why the plan has no steps (the message of a no-op). */
    public ResponsePlan noop(String reason) {
        this.noop = reason;
        return this;
    }

    /** What the message says when every step succeeded. */
    public ResponsePlan done(String message) {
        this.done = message;
        return this;
    }

    /** Details recorded with the result (e.g. the networks an isolation disconnected). */
    public ObjectNode details() {
        return details;
    }

    public String target() {
        return target;
    }

    /** The dry-run result: the planned requests, nothing sent. */
    public ActionResult planned() {
        ObjectNode d = details.deepCopy();
        ArrayNode reqs = d.putArray("requests");
        for (Step s : steps) {
            ObjectNode r = reqs.addObject().put("request", s.request());
            if (s.body() != null) {
                r.put("body", s.body());
            }
        }
        String msg = steps.isEmpty() ? noop + "; no request would be sent" : "dry run: " + steps.size()
                + " request(s) planned, none sent";
        return new ActionResult(action, target, ActionResult.Outcome.PLANNED, msg, d);
    }

    /** Sends the steps; on a failure, undoes what was sent (newest first) and reports the failure. */
    public ActionResult execute() {
        if (steps.isEmpty()) {
            return new ActionResult(action, target, ActionResult.Outcome.NOOP, noop, details);
        }
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            try {
                s.call().run();
            } catch (Exception e) {
                return rollBack(i, e);
            }
        }
        return new ActionResult(action, target, ActionResult.Outcome.DONE,
                done != null ? done : steps.size() + " request(s) sent", details);
    }

    private ActionResult rollBack(int failed, Exception cause) {
        List<String> undoErrors = new ArrayList<>();
        int undone = 0;
        for (int j = failed - 1; j >= 0; j--) {
            Step u = steps.get(j).undo();
            if (u == null) {
                continue;
            }
            try {
                u.call().run();
                undone++;
            } catch (Exception e) {
                undoErrors.add(u.request() + ": " + message(e));
            }
        }
        StringBuilder msg = new StringBuilder(steps.get(failed).request()).append(" failed: ").append(message(cause));
        if (failed > 0) {
            msg.append(undoErrors.isEmpty() ? "; the " + undone + " change(s) made before were undone"
                    : "; undoing the changes made before failed too (" + String.join("; ", undoErrors)
                    + "): the target may be left part-way");
        } else {
            msg.append("; nothing was changed");
        }
        ObjectNode d = details.deepCopy();
        d.put("failed_step", failed + 1);
        d.put("undone", undone);
        if (!undoErrors.isEmpty()) {
            ArrayNode a = d.putArray("undo_errors");
            undoErrors.forEach(a::add);
        }
        return new ActionResult(action, target, ActionResult.Outcome.FAILED, msg.toString(), d);
    }

    static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
