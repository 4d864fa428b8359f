package io.keelwatch.engine;

import io.keelwatch.alert.Alert;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleLoader;
import io.keelwatch.rule.TuningConfig;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.source.EventStream;
import io.keelwatch.source.Inputs;
import io.keelwatch.source.Inventory;
import io.keelwatch.source.Sources;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A scan on several threads gives the same alerts, in the same order, as on one. */
class ParallelScanTest {
    private static final Path DEMO = Path.of("..", "keelwatch-cli", "src", "main", "resources", "io", "keelwatch",
            "demo", "docker");
    private static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures");

    /** The Docker demo capture (events, daemon log, stats, pcap, inventory) plus audit, flow and auditd files. */
    private static List<Path> mixedCorpus() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(DEMO)) {
            s.filter(p -> !p.getFileName().toString().endsWith(".md") && !p.getFileName().toString().endsWith(".tsv"))
                    .sorted().forEach(files::add);
        }
        for (String d : List.of("K8sAuditReaderTest", "ZeekConnReaderTest", "AuditdReaderTest", "HubbleFlowReaderTest")) {
            try (Stream<Path> s = Files.walk(FIXTURES.resolve(d))) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        return files;
    }

    private static List<String> scan(List<Path> files, int threads, Pipeline.Options options) throws IOException {
        CompileResult c = RuleCompiler.compile(List.of(RuleLoader.builtIn()), TuningConfig.defaults());
        assertThat(c.errors()).isEmpty();
        List<String> alerts = new ArrayList<>();
        Pipeline p = new Pipeline(c.ruleSet(), options, (Alert a) -> alerts.add(a.toJson().toString()));
        Diagnostics diag = Diagnostics.silent();
        long n;
        // as scan runs it: lines parsed ahead on a pool from three threads on, by the reading thread below that
        try (ParallelScan.ParsePool ahead = ParallelScan.parsePool(threads);
             EventStream s = Inputs.open(Inputs.plan(files, null, Sources.defaults(), diag), diag, new Inventory(),
                     ahead.executor())) {
            assertThat(ahead.executor() != null).isEqualTo(threads > 2);
            n = ParallelScan.run(s, p, threads, e -> { });
        }
        p.finish();
        assertThat(n).isGreaterThan(ParallelScan.BATCH);
        alerts.add("stats " + p.stats().eventsIn() + " " + p.stats().statelessMatches() + " " + p.stats().lateEvents());
        return alerts;
    }

    @Test
    void parallelScanEqualsSequentialScan() throws IOException {
        List<Path> files = mixedCorpus();
        List<String> one = scan(files, 1, Pipeline.Options.batch());
        assertThat(one.size()).isGreaterThan(10);
        assertThat(scan(files, 2, Pipeline.Options.batch())).isEqualTo(one);
        assertThat(scan(files, 4, Pipeline.Options.batch())).isEqualTo(one);
    }

    @Test
    void liveModeOrderIsKeptToo() throws IOException {
        List<Path> files = mixedCorpus();
        assertThat(scan(files, 3, Pipeline.Options.live())).isEqualTo(scan(files, 1, Pipeline.Options.live()));
    }
}
