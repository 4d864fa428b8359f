package io.keelwatch.respond;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Plans: steps in order, no-ops, and the rollback of what was sent before a failed step. */
class ResponsePlanTest {
    private final List<String> sent = new ArrayList<>();

    private ResponsePlan.Step step(String name, boolean fails, ResponsePlan.Step undo) {
        return new ResponsePlan.Step("POST /" + name, null, () -> {
            if (fails) {
                throw new IOException(name + " refused");
            }
            sent.add(name);
        }, undo);
    }

    @Test
    void aFailureUndoesTheEarlierStepsNewestFirst() {
        ResponsePlan p = new ResponsePlan("isolate", "docker:c1")
                .step(step("disconnect-a", false, step("connect-a", false, null)))
                .step(step("disconnect-b", false, step("connect-b", false, null)))
                .step(step("disconnect-c", true, step("connect-c", false, null)));
        ActionResult r = p.execute();
        assertThat(r.outcome()).isEqualTo(ActionResult.Outcome.FAILED);
        assertThat(sent).containsExactly("disconnect-a", "disconnect-b", "connect-b", "connect-a");
        assertThat(r.message()).contains("POST /disconnect-c failed: disconnect-c refused",
                "the 2 change(s) made before were undone");
        assertThat(r.details().path("failed_step").asInt()).isEqualTo(3);
    }

    @Test
    void aFailedUndoIsReported() {
        ResponsePlan p = new ResponsePlan("isolate", "docker:c1")
                .step(step("disconnect-a", false, step("connect-a", true, null)))
                .step(step("disconnect-b", true, null));
        ActionResult r = p.execute();
        assertThat(r.outcome()).isEqualTo(ActionResult.Outcome.FAILED);
        assertThat(r.message()).contains("undoing the changes made before failed too", "connect-a refused");
        assertThat(r.details().path("undo_errors")).hasSize(1);
    }

    @Test
    void aFirstStepFailureChangedNothing() {
        ActionResult r = new ResponsePlan("pause", "docker:c1").step(step("pause", true, null)).execute();
        assertThat(r.message()).endsWith("nothing was changed");
        assertThat(sent).isEmpty();
    }

    @Test
    void noStepsIsANoOpThatSaysWhy() {
        ActionResult r = new ResponsePlan("pause", "docker:c1").noop("already paused").execute();
        assertThat(r.outcome()).isEqualTo(ActionResult.Outcome.NOOP);
        assertThat(r.ok()).isTrue();
        assertThat(r.toJson().path("message").asText()).isEqualTo("already paused");
    }

    @Test
    void aDryRunListsTheRequestsAndSendsNone() {
        ResponsePlan p = new ResponsePlan("stop", "docker:c1").step(new ResponsePlan.Step("POST /v1.47/x", "{}",
                () -> sent.add("x"), null));
        ActionResult r = p.planned();
        assertThat(r.outcome()).isEqualTo(ActionResult.Outcome.PLANNED);
        assertThat(r.toJson().path("requests").get(0).path("request").asText()).isEqualTo("POST /v1.47/x");
        assertThat(sent).isEmpty();
    }
}
