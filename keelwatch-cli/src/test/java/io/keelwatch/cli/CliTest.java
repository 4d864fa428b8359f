package io.keelwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Cli.FIXTURES.resolve("CliTest");

    static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> l = new ArrayList<>();
        for (String s : out.split("\n")) {
            if (s.startsWith("{")) {
                l.add(JSON.readTree(s));
            }
        }
        return l;
    }

    @Test
    void eventsMergesFilesInTimeOrderAndReportsBadLinesWithoutStopping() throws Exception {
        Cli.Result r = Cli.run("events", "--format", "json", DIR.resolve("docker-events.jsonl").toString(),
                DIR.resolve("audit.jsonl").toString());
        assertThat(r.code()).isZero();
        List<JsonNode> ev = lines(r.out());
        assertThat(ev).hasSize(4);
        assertThat(ev).extracting(n -> n.get("time").asText()).isSorted();
        assertThat(ev).extracting(n -> n.get("source").asText())
                .containsExactly("docker_events", "k8s_audit", "docker_events", "docker_events");
        assertThat(ev.get(2).get("process.command_line").asText()).isEqualTo("netstat -tuln");
        assertThat(ev.get(1).get("container.privileged").asBoolean()).isTrue();
        assertThat(r.err()).contains("docker-events.jsonl:3").contains("rejected");
        assertThat(r.err()).contains("read: docker_events=3 k8s_audit=1; rejected: docker_events=1");
    }

    @Test
    void strictTurnsRejectionsIntoExitOne() {
        assertThat(Cli.run("events", "--strict", "-q", DIR.resolve("docker-events.jsonl").toString()).code()).isEqualTo(1);
        assertThat(Cli.run("events", "--strict", "-q", DIR.resolve("audit.jsonl").toString()).code()).isZero();
    }

    @Test
    void fileInNoKnownFormatIsNamed() {
        Cli.Result r = Cli.run("events", DIR.resolve("notes.txt").toString());
        assertThat(r.err()).contains("notes.txt: not in any known format");
        assertThat(r.code()).isZero();
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(Cli.run("events").code()).isEqualTo(2);
        assertThat(Cli.run("events", "--format", "xml", DIR.resolve("audit.jsonl").toString()).code()).isEqualTo(2);
        assertThat(Cli.run("events", "--source", "nonsense", DIR.resolve("audit.jsonl").toString()).code()).isEqualTo(2);
        assertThat(Cli.run("events", "no/such/file").code()).isEqualTo(2);
        assertThat(Cli.run("scan", "--fail-on", "urgent", DIR.resolve("audit.jsonl").toString()).code()).isEqualTo(2);
    }

    @Test
    void scanPrintsAlertsWithTheRequiredFieldsAndFailOnTrips() throws Exception {
        Cli.Result r = Cli.run("scan", "--format", "json", "-q", DIR.resolve("docker-events.jsonl").toString(),
                DIR.resolve("audit.jsonl").toString());
        assertThat(r.code()).isZero();
        List<JsonNode> alerts = lines(r.out());
        assertThat(alerts).extracting(a -> a.get("rule").asText())
                .contains("container-recon-exec", "container-privileged");
        JsonNode recon = alerts.stream().filter(a -> a.get("rule").asText().equals("container-recon-exec")).findFirst().orElseThrow();
        for (String k : List.of("time", "rule", "title", "priority", "techniques", "tactics", "strategy", "source",
                "entity", "summary", "evidence")) {
            assertThat(recon.has(k)).as(k).isTrue();
        }
        assertThat(recon.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z");
        assertThat(recon.get("entity").get("container.name").asText()).isEqualTo("shop");
        assertThat(recon.get("evidence").get(0).get("file").asText()).endsWith("docker-events.jsonl");
        assertThat(recon.get("evidence").get(0).get("line").asInt()).isEqualTo(2);
        assertThat(recon.get("techniques").toString()).contains("T1609");

        assertThat(Cli.run("scan", "-q", "--fail-on", "high", DIR.resolve("audit.jsonl").toString()).code()).isEqualTo(1);
        assertThat(Cli.run("scan", "-q", "--fail-on", "critical", DIR.resolve("docker-events.jsonl").toString()).code()).isZero();
    }

    @Test
    void ownRulesRunAloneWithNoBuiltin() throws Exception {
        Cli.Result r = Cli.run("scan", "--format", "json", "-q", "--no-builtin", "--rules",
                DIR.resolve("my-rules.yaml").toString(), DIR.resolve("docker-events.jsonl").toString());
        assertThat(lines(r.out())).extracting(a -> a.get("rule").asText()).containsOnly("shop-netstat");
        Cli.Result t = Cli.run("rules", "test", DIR.resolve("my-rules.yaml").toString(),
                DIR.resolve("docker-events.jsonl").toString());
        assertThat(t.out().strip()).isEqualTo("shop-netstat\t" + DIR.resolve("docker-events.jsonl") + ":2");
    }

    @Test
    void badRulesAreAllReportedWithPositions() {
        Cli.Result r = Cli.run("rules", "validate", DIR.resolve("bad-rules.yaml").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("bad-rules.yaml:6:").contains("bad-rules.yaml:10:").contains("bad-rules.yaml:13:");
        Cli.Result scan = Cli.run("scan", "--rules", DIR.resolve("bad-rules.yaml").toString(),
                DIR.resolve("audit.jsonl").toString());
        assertThat(scan.code()).isEqualTo(1);
        assertThat(scan.err()).contains("nothing was scanned");
    }

    @Test
    void demoShowsAlertsAndAStrategySummary() {
        Cli.Result r = Cli.run("demo");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("container-recon").contains("container-evasion")
                .contains("CRITICAL").contains("container-runtime-socket-mount");
    }

    @Test
    void explainShowsWhichPartsHeld() {
        Cli.Result r = Cli.run("explain", "--rule", "container-recon-exec", "--line", "4",
                DIR.resolve("docker-events.jsonl").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("no_match").contains("[no]  process.name in (recon_binaries)");
    }

    @Test
    void adsRendersEveryStrategyWithAllSectionsAndItsRules() throws Exception {
        Cli.Result md = Cli.run("ads");
        assertThat(md.code()).isZero();
        for (String section : List.of("## Goal", "## Categorization", "## Strategy Abstract", "## Technical Context",
                "## Blind Spots and Assumptions", "## False Positives", "## Validation", "## Priority", "## Response",
                "## Additional Resources")) {
            assertThat(md.out().split(section, -1)).as(section).hasSize(3);
        }
        assertThat(md.out()).contains("`container-recon-exec`").contains("`container-logging-disabled`")
                .contains("T1584.004").contains("T1592");
        List<JsonNode> json = lines(Cli.run("ads", "container-recon", "--format", "json").out());
        assertThat(json).singleElement().satisfies(s -> {
            assertThat(s.get("id").asText()).isEqualTo("container-recon");
            assertThat(s.get("rules").toString()).contains("container-recon-exec");
            assertThat(s.get("response").size()).isGreaterThanOrEqualTo(3);
        });
        assertThat(Cli.run("ads", "nope").code()).isEqualTo(2);
    }

    @Test
    void coverageTableListsEveryTechniqueOfTheRulesWithTheRulesThatNameIt() {
        Cli.Result r = Cli.run("ads", "--coverage");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("| technique |");
        assertThat(r.out()).containsPattern("\\| T1609 \\| Container Administration Command \\| [^|]*`container-recon-exec`");
        assertThat(r.out()).containsPattern("\\| T1611 \\| Escape to Host \\| [^|]*`container-privileged`[^|]*\\| critical \\|");
        assertThat(r.out()).contains("| T1046 |").contains("| T1496 |").contains("| T1562.001 |");
    }
}
