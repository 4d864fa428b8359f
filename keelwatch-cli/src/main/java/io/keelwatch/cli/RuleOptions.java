package io.keelwatch.cli;

import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleError;
import io.keelwatch.rule.RuleLoader;
import io.keelwatch.rule.RuleSetSource;
import io.keelwatch.rule.TuningConfig;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which rules to run and how they are tuned: shared by scan, rules, explain and demo. */
final class RuleOptions {
    @Option(names = "--rules", paramLabel = "PATH",
            description = "Rule files or directories to load after the built-in pack (repeatable): Keelwatch, Sigma "
                    + "(.yml/.yaml with detection: and logsource:) or Falco (k8s_audit) rules, told apart by content.")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--no-builtin", description = "Do not load the built-in rule pack (only --rules).")
    boolean noBuiltin;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Tuning config (keelwatch.yaml): allow-lists and per-rule settings, merged over the shipped defaults.")
    Path config;

    /** Loads and compiles; prints every error with file:line:column and fails (exit 1) when there are any. */
    CompileResult compile(PrintStream err) {
        for (Path p : rules) {
            if (!Files.exists(p)) {
                throw new Main.UsageError(p + ": no such file or directory");
            }
        }
        if (config != null && !Files.isRegularFile(config)) {
            throw new Main.UsageError(config + ": no such file");
        }
        List<RuleSetSource> sources = new ArrayList<>();
        if (!noBuiltin) {
            sources.add(RuleLoader.builtIn());
        }
        if (!rules.isEmpty()) {
            sources.add(RuleLoader.load(rules));
        }
        if (sources.isEmpty()) {
            throw new Main.UsageError("--no-builtin needs at least one --rules PATH");
        }
        TuningConfig tuning = config == null ? TuningConfig.defaults() : TuningConfig.load(config);
        CompileResult r = RuleCompiler.compile(sources, tuning);
        List<RuleError> errors = new ArrayList<>(tuning.errors());
        errors.addAll(r.errors());
        for (RuleError w : r.warnings()) {
            err.println("keelwatch: warning: " + w);
        }
        if (!errors.isEmpty()) {
            for (RuleError e : errors) {
                err.println(e);
            }
            throw new RulesInvalid(errors.size());
        }
        return r;
    }

    /** Rule or config errors were printed; exit 1. */
    static final class RulesInvalid extends RuntimeException {
        RulesInvalid(int n) {
            super(n + " rule error" + (n == 1 ? "" : "s") + "; nothing was scanned");
        }
    }
}
