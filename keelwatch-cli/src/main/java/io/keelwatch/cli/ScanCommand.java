package io.keelwatch.cli;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.Priority;
import io.keelwatch.engine.Pipeline;
import io.keelwatch.rule.CompileResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code keelwatch scan}: events of all files, in time order, through the rules; alerts to stdout. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Scan log files with the built-in rules (and your own); print alerts.")
final class ScanCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    RuleOptions ruleOptions;

    @Option(names = {"-o", "--format"}, defaultValue = "table", paramLabel = "FORMAT",
            description = "table or json (one alert per line). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Threads: one reads, the others match rules, this one runs the stateful part; the alerts "
                    + "are the same for any number. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit 1 when an alert of this priority or above is raised (critical, high, medium, low, info).")
    String failOn;

    @Override
    public Integer call() throws Exception {
        return run(System.out, System.err, false);
    }

    int run(PrintStream stdout, PrintStream err, boolean strategySummary) throws Exception {
        if (!format.equals("json") && !format.equals("table")) {
            throw new Main.UsageError("--format must be table or json, not '" + format + "'");
        }
        Priority threshold = null;
        if (failOn != null) {
            threshold = Priority.parse(failOn).orElseThrow(() -> new Main.UsageError(
                    "--fail-on must be one of critical, high, medium, low, info; not '" + failOn + "'"));
        }
        CompileResult compiled;
        try {
            compiled = ruleOptions.compile(err);
        } catch (RuleOptions.RulesInvalid e) {
            err.println("keelwatch: " + e.getMessage());
            return Main.ERROR;
        }
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16));
        boolean json = format.equals("json");
        AlertTable table = new AlertTable(out, Terminal.colour());
        Map<String, Integer> byPriority = new TreeMap<>();
        Map<String, int[]> byStrategy = new TreeMap<>();
        Priority[] worst = {null};
        Pipeline pipeline = new Pipeline(compiled.ruleSet(), (Alert a) -> {
            if (json) {
                out.println(a.toJson().toString());
            } else {
                table.print(a.toJson());
            }
            byPriority.merge(a.priority().label(), 1, Integer::sum);
            int[] s = byStrategy.computeIfAbsent(a.strategy() == null ? "-" : a.strategy(), k -> new int[2]);
            s[0]++;
            if (a.priority().isAtLeast(Priority.MEDIUM)) {
                s[1]++;
            }
            if (worst[0] == null || a.priority().isAtLeast(worst[0])) {
                worst[0] = a.priority();
            }
        });
        InputOptions.Read r = input.read(err, pipeline, threads);
        pipeline.finish();
        out.flush();
        if (!json && byPriority.isEmpty()) {
            stdout.println("No alerts.");
        }
        if (strategySummary) {
            stdout.println();
            for (Map.Entry<String, int[]> s : byStrategy.entrySet()) {
                stdout.printf("%-20s %d alerts, %d of priority medium or above%n", s.getKey(), s.getValue()[0],
                        s.getValue()[1]);
            }
        }
        int code = input.finish(r, err);
        if (!input.quiet) {
            err.println("keelwatch: " + r.events() + " events, alerts by priority: "
                    + (byPriority.isEmpty() ? "none" : byPriority));
        }
        if (threshold != null && worst[0] != null && worst[0].isAtLeast(threshold)) {
            return Main.ERROR;
        }
        return code;
    }
}
