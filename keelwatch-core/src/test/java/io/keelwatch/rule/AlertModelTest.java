package io.keelwatch.rule;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.alert.Alert;
import io.keelwatch.alert.Evidence;
import io.keelwatch.alert.Priority;
import io.keelwatch.event.Event;
import io.keelwatch.event.Origin;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertModelTest {

    private static Alert alert() {
        CompiledRuleSet set = RuleTesting.compileOk("""
                - rule: kw-priv
                  title: Privileged container
                  priority: critical
                  techniques: [T1610, T1611]
                  tactics: [privilege-escalation]
                  strategy: container-escape
                  condition: container.privileged = true
                  output: privileged %container.name from %container.image.name on %host.name
                  response: [Stop the container., Inspect the host.]
                  tags: [docker]
                """);
        Event e = Event.builder("docker_events").time(1_700_000_000_000_000_001L)
                .origin(Origin.item("events.json", 12, 3))
                .put("container.privileged", true).put("container.id", "abc123").put("container.name", "x")
                .put("container.image.name", "alpine:3").put("orchestrator.namespace", "prod").build();
        List<Alert> out = RuleTesting.alerts(set, e);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void jsonHasTheDocumentedKeysAndFormats() {
        JsonNode j = alert().toJson();
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("time", "rule", "title", "priority", "techniques", "tactics", "strategy",
                "source", "entity", "summary", "evidence", "response", "count", "first_time", "last_time", "tags");
        assertThat(j.get("time").asText()).isEqualTo("2023-11-14T22:13:20.000000001Z");
        assertThat(j.get("priority").asText()).isEqualTo("critical");
        assertThat(j.get("techniques").toString()).isEqualTo("[\"T1610\",\"T1611\"]");
        assertThat(j.get("entity").toString()).isEqualTo(
                "{\"container.id\":\"abc123\",\"container.name\":\"x\",\"container.image.name\":\"alpine:3\","
                        + "\"orchestrator.namespace\":\"prod\"}");
        assertThat(j.get("summary").asText()).isEqualTo("privileged x from alpine:3 on <NA>");
        assertThat(j.get("evidence").get(0).toString()).isEqualTo("{\"file\":\"events.json\",\"line\":12,"
                + "\"item\":3,\"time\":\"2023-11-14T22:13:20.000000001Z\",\"source\":\"docker_events\","
                + "\"summary\":\"privileged x from alpine:3 on <NA>\"}");
        assertThat(j.get("count").asLong()).isEqualTo(1);
        assertThat(j.get("first_time").asText()).isEqualTo(j.get("last_time").asText());
        assertThat(j.get("strategy").asText()).isEqualTo("container-escape");
    }

    @Test
    void foldingAddsCountsAndWidensTheSpan() {
        Alert a = alert();
        Alert later = new Alert(a.timeNanos() + 5, a.rule(), a.title(), a.priority(), a.techniques(), a.tactics(),
                a.strategy(), a.source(), a.entity(), "other", List.of(new Evidence("f", 1, -1, a.timeNanos() + 5,
                "docker_events", null)), a.response(), 2, a.timeNanos() + 5, a.timeNanos() + 9, a.tags());
        Alert f = a.fold(later, 2);
        assertThat(f.count()).isEqualTo(3);
        assertThat(f.firstTime()).isEqualTo(a.timeNanos());
        assertThat(f.lastTime()).isEqualTo(a.timeNanos() + 9);
        assertThat(f.evidence()).hasSize(2);
        assertThat(f.summary()).isEqualTo(a.summary());
        assertThat(f.evidence().get(1).toJson().has("item")).isFalse();
        assertThat(f.withPriority(Priority.LOW).priority()).isEqualTo(Priority.LOW);
    }

    @Test
    void priorityParsesAndOrders() {
        assertThat(Priority.parse("HIGH")).contains(Priority.HIGH);
        assertThat(Priority.parse("informational")).contains(Priority.INFO);
        assertThat(Priority.parse("warning")).isEmpty();
        List<Priority> l = new ArrayList<>(Arrays.asList(Priority.LOW, Priority.CRITICAL, Priority.INFO));
        l.sort(null);
        assertThat(l).containsExactly(Priority.CRITICAL, Priority.LOW, Priority.INFO);
        assertThat(Priority.HIGH.isAtLeast(Priority.MEDIUM)).isTrue();
        assertThat(Priority.LOW.isAtLeast(Priority.MEDIUM)).isFalse();
        assertThat(Priority.CRITICAL.severity()).isGreaterThan(Priority.INFO.severity());
    }

    @Test
    void alertsAreImmutable() {
        Alert a = alert();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.entity().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.techniques().add("T1"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(a.entity()).isNotInstanceOf(java.util.HashMap.class);
        assertThat(Map.copyOf(a.entity())).hasSize(4);
    }
}
