package io.keelwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleDescriptor;
import io.keelwatch.rule.RuleError;
import io.keelwatch.rule.RuleLoader;
import io.keelwatch.rule.RuleSetSource;
import io.keelwatch.rule.TuningConfig;
import io.keelwatch.rule.Verdict;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.source.EventStream;
import io.keelwatch.source.Inputs;
import io.keelwatch.source.Inventory;
import io.keelwatch.source.Sources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code keelwatch rules}: list, describe, validate and test rules. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "List, describe, validate and test rules.",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.Describe.class, RulesCommand.Validate.class,
                RulesCommand.Test.class})
final class RulesCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    static CompiledRuleSet compileOrFail(RuleOptions o) {
        try {
            return o.compile(System.err).ruleSet();
        } catch (RuleOptions.RulesInvalid e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the loaded rules.")
    static final class ListRules implements Callable<Integer> {
        @Mixin
        RuleOptions rules;

        @Option(names = {"-o", "--format"}, defaultValue = "table", description = "table or json")
        String format;

        @Override
        public Integer call() {
            CompiledRuleSet set = compileOrFail(rules);
            if (format.equals("json")) {
                for (RuleDescriptor d : set.rules()) {
                    System.out.println(d.toJson());
                }
                return Main.OK;
            }
            System.out.printf("%-36s %-9s %-10s %-18s %-26s %s%n", "ID", "PRIORITY", "KIND", "STRATEGY", "TECHNIQUES",
                    "TITLE");
            for (RuleDescriptor d : set.rules()) {
                System.out.printf("%-36s %-9s %-10s %-18s %-26s %s%s%n", d.id(), d.priority().label(), d.kind(),
                        d.strategy(), Terminal.cell(String.join(",", d.techniques()), 26), d.title(),
                        d.enabled() ? "" : " (disabled)");
            }
            return Main.OK;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show one rule in full.")
    static final class Describe implements Callable<Integer> {
        @Mixin
        RuleOptions rules;

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = {"-o", "--format"}, defaultValue = "text", description = "text or json")
        String format;

        @Override
        public Integer call() {
            CompiledRuleSet set = compileOrFail(rules);
            RuleDescriptor d = set.rules().stream().filter(r -> r.id().equals(id)).findFirst()
                    .orElseThrow(() -> new Main.UsageError("no rule '" + id + "' (see `keelwatch rules list`)"));
            if (format.equals("json")) {
                System.out.println(d.toJson());
                return Main.OK;
            }
            System.out.println(d.id() + ": " + d.title());
            System.out.println("  priority:   " + d.priority().label() + (d.enabled() ? "" : " (disabled)"));
            System.out.println("  kind:       " + d.kind());
            System.out.println("  strategy:   " + d.strategy());
            System.out.println("  techniques: " + String.join(", ", d.techniques()));
            System.out.println("  tactics:    " + String.join(", ", d.tactics()));
            System.out.println("  sources:    " + (d.sources().isEmpty() ? "all" : String.join(", ", d.sources())));
            System.out.println("  defined at: " + d.file() + ":" + d.line());
            System.out.println();
            System.out.println(wrap(d.description()));
            System.out.println();
            System.out.println("condition:\n  " + d.condition().strip().replace("\n", "\n  "));
            if (!d.kindParams().isEmpty()) {
                System.out.println("parameters: " + d.kindParams());
            }
            section("exceptions", d.exceptions());
            section("false positives", d.falsePositives());
            section("blind spots", d.blindSpots());
            section("response", d.response());
            return Main.OK;
        }

        private static void section(String title, List<String> items) {
            if (items.isEmpty()) {
                return;
            }
            System.out.println(title + ":");
            for (String s : items) {
                System.out.println("  - " + s);
            }
        }

        private static String wrap(String text) {
            if (text == null) {
                return "";
            }
            StringBuilder sb = new StringBuilder();
            int col = 0;
            for (String w : text.split("\\s+")) {
                if (col + w.length() > 100) {
                    sb.append('\n');
                    col = 0;
                } else if (col > 0) {
                    sb.append(' ');
                    col++;
                }
                sb.append(w);
                col += w.length();
            }
            return sb.toString();
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check rule files: every error with file:line:column. The built-in lists and macros are available to them.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "PATH", arity = "1..*")
        List<Path> paths;

        @Option(names = {"-o", "--format"}, defaultValue = "text", description = "text or json")
        String format;

        @Option(names = "--no-builtin", description = "Validate the files alone, without the built-in lists and macros.")
        boolean noBuiltin;

        @Override
        public Integer call() {
            for (Path p : paths) {
                if (!Files.exists(p)) {
                    throw new Main.UsageError(p + ": no such file or directory");
                }
            }
            List<RuleSetSource> sources = new ArrayList<>();
            if (!noBuiltin) {
                sources.add(RuleLoader.builtIn());
            }
            sources.add(RuleLoader.load(paths));
            CompileResult r = RuleCompiler.compile(sources, TuningConfig.none());
            if (format.equals("json")) {
                ArrayNode arr = JSON.createArrayNode();
                r.errors().forEach(e -> arr.add(e.toJson()));
                ObjectNode o = JSON.createObjectNode();
                o.put("ok", r.ok());
                o.set("errors", arr);
                ArrayNode w = o.putArray("warnings");
                r.warnings().forEach(e -> w.add(e.toJson()));
                System.out.println(o);
            } else {
                for (RuleError e : r.errors()) {
                    System.out.println(e);
                }
                for (RuleError e : r.warnings()) {
                    System.out.println("warning: " + e);
                }
                Set<String> files = paths.stream().map(Path::toString).collect(Collectors.toSet());
                long own = r.ruleSet().rules().stream().filter(d -> files.stream().anyMatch(f -> d.file().startsWith(f))).count();
                System.out.println(r.ok() ? "ok: " + own + " rules" : r.errors().size() + " errors");
            }
            return r.ok() ? Main.OK : Main.ERROR;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Run the rules of RULE_FILE (Keelwatch, Sigma or Falco rules) over event files; print one line "
                    + "per match: rule id and event position.")
    static final class Test implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RULE_FILE")
        Path ruleFile;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "EVENT_FILE")
        List<Path> events;

        @Option(names = "--source", paramLabel = "TYPE", description = "Read the event files as this source type.")
        String source;

        @Option(names = "--flatten", paramLabel = "PREFIX", split = ",",
                description = "With --source json: lift the fields under these dotted prefixes to the top level.")
        List<String> flatten;

        @Override
        public Integer call() throws Exception {
            if (!Files.exists(ruleFile)) {
                throw new Main.UsageError(ruleFile + ": no such file or directory");
            }
            CompileResult r = RuleCompiler.compile(List.of(RuleLoader.builtIn(), RuleLoader.load(ruleFile)),
                    TuningConfig.none());
            if (!r.ok()) {
                r.errors().forEach(System.err::println);
                return Main.ERROR;
            }
            String own = ruleFile.toString();
            List<RuleDescriptor> mine = r.ruleSet().rules().stream().filter(d -> d.file().startsWith(own)).toList();
            if (mine.isEmpty()) {
                System.err.println("keelwatch: " + ruleFile + " defines no rules");
                return Main.ERROR;
            }
            Diagnostics diag = new Diagnostics(x -> System.err.println("keelwatch: rejected " + x));
            Sources sources = InputOptions.sources(flatten);
            if (source != null && sources.byType(source).isEmpty()) {
                throw new Main.UsageError("unknown source type '" + source + "'");
            }
            long matches = 0;
            try (EventStream s = Inputs.open(Inputs.plan(events, source, sources, diag), diag, new Inventory())) {
                Event e;
                while ((e = s.next()) != null) {
                    for (RuleDescriptor d : mine) {
                        if (!d.sources().isEmpty() && !d.sources().contains(e.source())) {
                            continue;
                        }
                        if (r.ruleSet().verdict(d.id(), e) == Verdict.MATCH) {
                            System.out.println(d.id() + "\t" + e.origin());
                            matches++;
                        }
                    }
                }
            }
            System.err.println("keelwatch: " + matches + " matches; " + diag.summary());
            return Main.OK;
        }
    }
}
