package io.keelwatch.respond;

import io.keelwatch.server.DaemonConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The daemon's {@code response:} section. */
class AutoResponseConfigTest {
    @TempDir
    Path dir;

    private DaemonConfig load(String yaml) throws IOException {
        Path f = dir.resolve("keelwatch.yaml");
        Files.writeString(f, yaml);
        return DaemonConfig.load(f);
    }

    @Test
    void offByDefault() throws IOException {
        assertThat(DaemonConfig.empty().response().enabled()).isFalse();
        assertThat(load("daemon:\n  listen: 127.0.0.1:9000\n").response().enabled()).isFalse();
        assertThat(load("daemon:\n  response: {evidence_dir: ev}\n").response().enabled()).isFalse();
    }

    @Test
    void entriesByRuleAndByMinimumPriority() throws IOException {
        AutoResponse.Config c = load("""
                daemon:
                  response:
                    auto:
                      - {rule: container-recon-exec, action: isolate}
                      - {min_priority: critical, actions: [pause, evidence]}
                      - {rule: k8s-exec-into-pod, min_priority: high, action: cordon}
                    evidence_dir: evidence
                    stop_timeout: 3s
                    window: 1h
                """).response();
        assertThat(c.enabled()).isTrue();
        assertThat(c.evidenceDir()).isEqualTo(dir.resolve("evidence"));
        assertThat(c.stopTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.window()).isEqualTo(Duration.ofHours(1));
        assertThat(c.actionsFor("container-recon-exec", "medium").keySet()).containsExactly(ResponseAction.ISOLATE);
        assertThat(c.actionsFor("container-recon-exec", "critical").keySet())
                .as("evidence first, then in configured order, each once")
                .containsExactly(ResponseAction.EVIDENCE, ResponseAction.ISOLATE, ResponseAction.PAUSE);
        assertThat(c.actionsFor("some-rule", "high")).isEmpty();
        assertThat(c.actionsFor("some-rule", "critical").keySet())
                .containsExactly(ResponseAction.EVIDENCE, ResponseAction.PAUSE);
        assertThat(c.actionsFor("k8s-exec-into-pod", "medium")).isEmpty();
        assertThat(c.actionsFor("k8s-exec-into-pod", "high")).containsEntry(ResponseAction.CORDON,
                "rule k8s-exec-into-pod");
    }

    @Test
    void mistakesAreNamed() {
        for (String[] bad : List.of(
                new String[]{"auto: [{action: isolate}]", "needs a rule or a min_priority"},
                new String[]{"auto: [{rule: r}]", "needs an action"},
                new String[]{"auto: [{rule: r, action: explode}]", "unknown action 'explode'"},
                new String[]{"auto: [{rule: r, action: release}]", "release is not an automatic action"},
                new String[]{"auto: [{min_priority: urgent, action: stop}]", "min_priority must be"},
                new String[]{"auto: [{rule: r, action: stop, when: now}]", "unknown key 'when'"},
                new String[]{"automatic: []", "unknown key 'automatic'"},
                new String[]{"auto: {rule: r}", "must be a list"})) {
            assertThatThrownBy(() -> load("daemon:\n  response:\n    " + bad[0] + "\n")).as(bad[0])
                    .hasMessageContaining(bad[1]);
        }
    }
}
