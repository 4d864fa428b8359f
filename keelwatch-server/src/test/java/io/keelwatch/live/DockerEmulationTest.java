package io.keelwatch.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.emulate.Label;
import io.keelwatch.emulate.Labels;
import io.keelwatch.emulate.Scenario;
import io.keelwatch.emulate.Scoring;
import io.keelwatch.emulate.Validation;
import io.keelwatch.emulate.docker.DockerEmulation;
import io.keelwatch.emulate.docker.DockerLab;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleLoader;
import io.keelwatch.rule.TuningConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code emulate docker} against a real dockerd (the sandbox): every scenario is performed, recorded, run through
 * the built-in rules and scored; the lab leaves nothing behind, also when the emulator is interrupted.
 */
class DockerEmulationTest {
    private static DockerdSandbox sandbox;
    private static DockerContainers docker;

    @BeforeAll
    static void startDockerd() throws Exception {
        String why = DockerdSandbox.unavailable();
        Assumptions.assumeTrue(why == null, () -> "emulation test skipped: " + why);
        sandbox = DockerdSandbox.start();
        docker = new DockerContainers(new DockerEngineClient(DockerEndpoint.of(sandbox.dockerHost, Map.of())));
    }

    @AfterAll
    static void stopDockerd() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void everyScenarioIsPerformedRecordedAndScored(@TempDir Path out) throws Exception {
        List<String> log = new ArrayList<>();
        DockerEmulation.Options o = new DockerEmulation.Options("busybox:local", 6, sandbox.log, 20_000, false);
        DockerEmulation.Result r = new DockerEmulation(docker, o, log::add).run(List.of("all"), out);

        List<Label> labels = Labels.read(out.resolve("labels.tsv"));
        assertThat(labels).extracting(Label::scenario)
                .containsExactlyElementsOf(DockerEmulation.scenarios().stream().map(Scenario::name).toList());
        assertThat(labels).allSatisfy(l -> assertThat(l.endNs()).isGreaterThanOrEqualTo(l.startNs()));
        for (String f : List.of("events.jsonl", "inspect.jsonl", "stats.jsonl", "dockerd.log")) {
            assertThat(Files.size(out.resolve(f))).as(f).isPositive();
        }
        if (DockerdSandbox.onPath("tcpdump") != null) {
            assertThat(Files.readString(out.resolve("conn.log"))).contains("\"id.resp_p\":3333");
            assertThat(out.resolve("appnet.pcap")).doesNotExist();
        }

        CompiledRuleSet rules = RuleCompiler.compile(List.of(RuleLoader.builtIn()), TuningConfig.defaults()).ruleSet();
        Validation.Report report = Validation.validate("docker", rules, out, r.scenarios(), log);
        assertThat(report.rejected()).as("rejected records").isZero();
        for (Scoring.Row row : report.rows()) {
            assertThat(row.passed()).as(row.scenario().name() + ": " + row.matching() + " other " + row.other())
                    .isTrue();
        }
        assertThat(report.strategies()).containsOnlyKeys("container-evasion", "container-recon")
                .containsValues(true).doesNotContainValue(false);
        assertLabNothingLeft();
    }

    @Test
    void anInterruptedRunRemovesWhatItCreated(@TempDir Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = out.resolve("emulate.log");
        Process p = new ProcessBuilder(java, "-cp", cp, EmulateMain.class.getName(), sandbox.dockerHost,
                out.resolve("capture").toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.currentTimeMillis() + 120_000;
            // interrupt it in the middle of the burst: more containers of the run than the four of its application
            while (!Files.readString(log).contains("scenario ephemeral-burst")
                    || docker.listByLabel(DockerLab.LABEL).size() <= 4) {
                assertThat(p.isAlive()).as("emulator exited early:\n" + Files.readString(log)).isTrue();
                assertThat(System.currentTimeMillis()).as("emulator too slow:\n" + Files.readString(log))
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
            p.destroy();   // SIGTERM, as Ctrl-C or kill would
            assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("emulator stops").isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(Files.readString(log)).contains("interrupted: removing what this run created");
        assertLabNothingLeft();
    }

    @Test
    void containersWhoseCreateWasInterruptedAreFoundByLabelAndRemoved() throws Exception {
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        DockerLab lab = new DockerLab(docker, "busybox:local", "intr01", log::add);
        lab.prepare();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 8; i++) {
                pool.submit(() -> lab.start(null, lab.config(List.of("sleep", "30"), Map.of())));
            }
            // interrupt the creates under way: their requests reach the engine, their ids never come back
            long deadline = System.currentTimeMillis() + 60_000;
            while (docker.listByLabel(DockerLab.LABEL + "=intr01").isEmpty()
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            pool.shutdownNow();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
            lab.close();
        }
        assertLabNothingLeft();
    }

    private static void assertLabNothingLeft() throws Exception {
        assertThat(docker.listByLabel(DockerLab.LABEL)).as("containers left").isEmpty();
        List<String> nets = new ArrayList<>();
        for (JsonNode n : docker.networks()) {
            if (n.path("Labels").has(DockerLab.LABEL)) {
                nets.add(n.path("Name").asText());
            }
        }
        assertThat(nets).as("networks left").isEmpty();
    }
}
