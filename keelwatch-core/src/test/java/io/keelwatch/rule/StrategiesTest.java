package io.keelwatch.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.alert.Alert;
import io.keelwatch.engine.Pipeline;
import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in strategy documents, and their response steps on alerts. */
class StrategiesTest {
    private static final List<String> SECTIONS = List.of("id", "title", "goal", "categorization", "strategy_abstract",
            "technical_context", "blind_spots", "assumptions", "false_positives", "validation", "priority", "response",
            "additional_resources");

    @Test
    void bothStrategiesHaveEveryAdsSectionAndTextualSteps() {
        List<ObjectNode> all = Strategies.all();
        assertThat(all).extracting(s -> s.path("id").asText()).containsExactly("container-evasion", "container-recon");
        for (ObjectNode s : all) {
            for (String section : SECTIONS) {
                assertThat(s.has(section)).as(s.path("id").asText() + " has " + section).isTrue();
            }
            for (JsonNode step : s.path("response")) {
                assertThat(step.isTextual() && !step.asText().isBlank()).as("step " + step).isTrue();
            }
        }
    }

    @Test
    void alertsCarryTheRuleStepsThenTheStrategySteps() {
        CompileResult r = RuleCompiler.compile(List.of(RuleLoader.builtIn()), TuningConfig.defaults());
        List<Alert> alerts = new ArrayList<>();
        Pipeline p = new Pipeline(r.ruleSet(), alerts::add);
        p.accept(Event.builder("docker_events").time(1_000_000_000L).put(Fields.EVENT_ACTION, "exec_create")
                .put(Fields.EVENT_KIND, "exec").put(Fields.CONTAINER_NAME, "web").put(Fields.PROCESS_NAME, "netstat")
                .put(Fields.PROCESS_ARGS, List.of("-tuln")).put(Fields.PROCESS_COMMAND_LINE, "netstat -tuln").build());
        p.finish();
        Alert a = alerts.stream().filter(x -> x.rule().equals("container-recon-exec")).findFirst().orElseThrow();
        List<String> strategy = Strategies.response("container-recon");
        assertThat(strategy).isNotEmpty();
        assertThat(a.response()).endsWith(strategy.toArray(String[]::new));
        assertThat(a.response().size()).isGreaterThan(strategy.size());
        assertThat(a.response()).doesNotHaveDuplicates();
    }
}
