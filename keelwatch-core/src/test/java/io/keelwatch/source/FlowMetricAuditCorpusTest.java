package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the public samples of the metric, flow and auditd formats in ../shared (when present): each file is
 * recognised as its format and read without rejections, except the records listed here that really are
 * malformed.
 */
class FlowMetricAuditCorpusTest {
    private static final Path CORPUS = Path.of("../../shared/corpus");

    /** Sample directory → the type its files must be detected as (by file name suffix where they differ). */
    private static final Map<String, String> DIRS = Map.of(
            "formats/docker_stats", DockerStatsReader.TYPE,
            "formats/kubelet_stats", KubeletStatsReader.TYPE,
            "formats/zeek", ZeekConnReader.TYPE,
            "formats/hubble", HubbleFlowReader.TYPE,
            "formats/vpcflow", VpcFlowReader.TYPE,
            "formats/conntrack", ConntrackReader.TYPE,
            "formats/auditd", AuditdReader.TYPE);

    /** Files whose records are partly malformed: file name → number of records rejected. */
    private static final Map<String, Integer> EXPECTED_REJECTIONS = Map.of(
            // a btest baseline: every ts is masked as XXXXXXXXXX.XXXXXX, so no record has a time
            "conn_opt.basic_HEAD_masked-ts.log", 34);

    private static String expectedType(String dir, Path file) {
        String name = file.getFileName().toString();
        if (name.startsWith("moby_api")) {
            return EngineStatsReader.TYPE;    // an Engine API stats document kept beside the CLI lines
        }
        if (name.endsWith(".yaml")) {
            return null;                      // go-libaudit test tables: raw lines inside YAML, not a log
        }
        return DIRS.get(dir);
    }

    @TestFactory
    Stream<DynamicTest> samplesAreDetectedAndRead() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(CORPUS), "../shared not present: skipping corpus test");
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, String> d : DIRS.entrySet()) {
            try (Stream<Path> files = Files.list(CORPUS.resolve(d.getKey()))) {
                for (Path f : files.sorted().toList()) {
                    tests.add(DynamicTest.dynamicTest(d.getKey() + "/" + f.getFileName(),
                            () -> check(f, expectedType(d.getKey(), f))));
                }
            }
        }
        tests.add(DynamicTest.dynamicTest("docker-live/stats.jsonl",
                () -> check(CORPUS.resolve("docker-live/stats.jsonl"), DockerStatsReader.TYPE)));
        tests.add(DynamicTest.dynamicTest("docker-live/conn.log",
                () -> check(CORPUS.resolve("docker-live/conn.log"), ZeekConnReader.TYPE)));
        return tests.stream();
    }

    private static void check(Path file, String type) throws IOException {
        Head head = new InputFile(file).head();
        var detected = Sources.defaults().detect(head).map(SourceReader::type).orElse(null);
        if (type == null) {
            assertThat(detected).as("format of " + file).isNotEqualTo(AuditdReader.TYPE);
            return;
        }
        assertThat(detected).as("format of " + file).isEqualTo(type);
        ReaderHarness.Result r = ReaderHarness.readFile(Sources.defaults().byType(type).orElseThrow(), file);
        int rejected = EXPECTED_REJECTIONS.getOrDefault(file.getFileName().toString(), 0);
        assertThat(r.rejections()).as("rejections in " + file + ": " + r.reasons().stream().distinct().toList())
                .hasSize(rejected);
        if (rejected == 0) {
            assertThat(r.events()).as("events of " + file).isNotEmpty();
        }
        for (Event e : r.events()) {
            assertThat(e.source()).isEqualTo(type);
            assertThat(e.string(Fields.EVENT_KIND)).as("event.kind of " + e).isNotNull();
            assertThat(e.action()).as("event.action of " + e).isNotNull();
            assertThat(e.raw()).as("raw of " + e).isNotNull();
            boolean estimated = Boolean.TRUE.equals(e.field(Fields.EVENT_TIME_ESTIMATED));
            assertThat(e.timeNanos() > 0 || estimated).as("time of " + e).isTrue();
        }
    }
}
