package io.keelwatch.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.engine.ParallelScan;
import io.keelwatch.engine.Pipeline;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleLoader;
import io.keelwatch.rule.RuleSetSource;
import io.keelwatch.rule.TuningConfig;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.source.EventStream;
import io.keelwatch.source.Inputs;
import io.keelwatch.source.Inventory;
import io.keelwatch.source.Sources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code keelwatch bench}: a whole-process benchmark on a generated corpus. For the same bytes in the same run it
 * reports the Jackson {@code readTree} yardstick and {@code scan} with the whole rule pack (1x and multiplied, on
 * one and more threads), events/s, MB/s, alerts and heap; then the heap that many tracked containers take.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark scan on a generated corpus against a Jackson readTree yardstick (same bytes, same run).")
public final class BenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--events", defaultValue = "1000000", description = "Kubernetes audit events to generate (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--dir", description = "Where to write the corpus (default: a temporary directory, deleted after).")
    Path dir;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds per configuration; the best is reported.")
    int rounds;

    @Option(names = "--multipliers", split = ",", defaultValue = "1,5,20", description = "Rule pack multipliers.")
    List<Integer> multipliers;

    @Option(names = "--threads", split = ",", defaultValue = "1,2",
            description = "Thread counts to scan with (see scan --threads).")
    List<Integer> threads;

    @Option(names = "--containers", defaultValue = "1000000",
            description = "Distinct containers for the tracked-containers heap figure (0: skip).")
    int containers;

    @Override
    public Integer call() throws Exception {
        Path d = dir != null ? dir : Files.createTempDirectory("keelwatch-bench");
        Files.createDirectories(d);
        Path audit = new CorpusGenerator(seed).writeAudit(d, events);
        long bytes = Files.size(audit);
        System.out.printf("corpus: %,d Kubernetes audit events, %.1f MB (%s)%n", events, bytes / 1e6, audit);
        System.out.printf("java %s, %d cores, max heap %d MB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        // three scans on one thread first: the JIT compiles the scan's code without other threads taking the cores
        // (a many-thread configuration measured first would otherwise run on half-compiled code for rounds)
        CompileResult pack = compile(1);
        for (int w = 0; w < 3; w++) {
            scan(audit, pack, new AtomicLong(), 1);
        }
        double yard = 0;
        for (int r = 0; r < rounds + 1; r++) {
            double s = yardstick(audit);
            if (r > 0) {
                yard = Math.max(yard, events / s);
            }
        }
        System.out.printf("%-28s %12s %10s %10s %10s%n", "run", "events/s", "MB/s", "alerts", "heap MB");
        System.out.printf("%-28s %,12.0f %10.1f %10s %10s%n", "jackson readTree (yardstick)", yard,
                yard * bytes / events / 1e6, "-", "-");
        double scan1 = 0;
        double scan1Parallel = 0;
        for (int m : multipliers) {
            CompileResult c = compile(m);
            for (int th : threads) {
                double best = 0;
                long alerts = 0;
                long heap = 0;
                for (int r = 0; r < rounds + 1; r++) {
                    AtomicLong n = new AtomicLong();
                    long start = System.nanoTime();
                    scan(audit, c, n, th);
                    double s = (System.nanoTime() - start) / 1e9;
                    if (r > 0 && events / s > best) {
                        best = events / s;
                        alerts = n.get();
                        Runtime rt = Runtime.getRuntime();
                        heap = (rt.totalMemory() - rt.freeMemory()) >> 20;
                    }
                }
                if (m == 1 && th == 1) {
                    scan1 = best;
                } else if (m == 1) {
                    scan1Parallel = Math.max(scan1Parallel, best);
                }
                System.out.printf("%-28s %,12.0f %10.1f %10d %10d%n", "scan, " + m + "x rules (" + c.ruleSet().rules().size()
                        + "), " + th + (th == 1 ? " thread" : " threads"), best, best * bytes / events / 1e6, alerts, heap);
            }
        }
        if (scan1 > 0) {
            System.out.printf("ratio scan(1x, 1 thread) / readTree: %.2f%n", scan1 / yard);
        }
        if (scan1Parallel > 0) {
            System.out.printf("ratio scan(1x, most threads) / readTree: %.2f%n", scan1Parallel / yard);
        }
        if (containers > 0) {
            long inv = ContainerHeap.measure(null, containers);
            long all = ContainerHeap.measure(compile(1), containers);
            System.out.printf("tracked containers: %,d take %d MB of heap (%d bytes each) in the inventory, %d MB "
                    + "(%d bytes each) with the pipeline's state; max heap %d MB%n", containers, inv >> 20,
                    inv / containers, all >> 20, all / containers, Runtime.getRuntime().maxMemory() >> 20);
        }
        if (dir == null) {
            Files.deleteIfExists(audit);
            Files.deleteIfExists(d);
        }
        return 0;
    }

    private static double yardstick(Path f) throws Exception {
        long start = System.nanoTime();
        long n = 0;
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (JSON.readTree(line) != null) {
                    n++;
                }
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        if (n == 0) {
            throw new IllegalStateException("the yardstick parsed no record of " + f);
        }
        return secs;
    }

    private static void scan(Path f, CompileResult c, AtomicLong alerts, int threads) throws Exception {
        Diagnostics diag = Diagnostics.silent();
        Pipeline p = new Pipeline(c.ruleSet(), a -> alerts.incrementAndGet());
        try (ParallelScan.ParsePool ahead = ParallelScan.parsePool(threads);
             EventStream s = Inputs.open(Inputs.plan(List.of(f), "k8s_audit", Sources.defaults(), diag), diag,
                     new Inventory(), ahead.executor())) {
            ParallelScan.run(s, p, threads, e -> { });
        }
        p.finish();
    }

    /** The built-in pack, plus (m-1) renamed copies of every rule: the same conditions under other ids. */
    public static CompileResult compile(int m) {
        List<RuleSetSource> sources = new ArrayList<>();
        RuleSetSource builtIn = RuleLoader.builtIn();
        sources.add(builtIn);
        for (int k = 2; k <= m; k++) {
            List<RuleSetSource.RuleFile> copies = new ArrayList<>();
            for (RuleSetSource.RuleFile f : builtIn.files()) {
                if (f.text().contains("- rule:")) {
                    copies.add(new RuleSetSource.RuleFile(f.name() + "#copy" + k,
                            f.text().replaceAll("(?m)^- rule: (\\S+)", "- rule: $1-v" + k)));
                }
            }
            sources.add(new RuleSetSource(copies, List.of()));
        }
        CompileResult r = RuleCompiler.compile(sources, TuningConfig.defaults());
        if (!r.ok()) {
            throw new IllegalStateException("rule variants did not compile: " + r.errors().get(0));
        }
        return r;
    }
}
