package io.keelwatch.cli;

import io.keelwatch.event.Event;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.rule.Explanation;
import io.keelwatch.rule.RuleDescriptor;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.source.EventStream;
import io.keelwatch.source.Inputs;
import io.keelwatch.source.Inventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keelwatch explain}: which parts of a rule's condition held for each event, and which did not. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Show, for each event of the files, which parts of a rule's condition held and which did not.")
final class ExplainCommand implements Callable<Integer> {
    @Mixin
    RuleOptions rules;

    @Option(names = "--rule", required = true, paramLabel = "ID", description = "The rule to explain.")
    String ruleId;

    @Option(names = "--line", paramLabel = "N", description = "Only the event(s) read from this line.")
    Long line;

    @Option(names = "--source", paramLabel = "TYPE", description = "Read the files as this source type.")
    String source;

    @Option(names = "--flatten", paramLabel = "PREFIX", split = ",",
            description = "With --source json: lift the fields under these dotted prefixes to the top level.")
    List<String> flatten;

    @Option(names = {"-o", "--format"}, defaultValue = "text", description = "text or json")
    String format;

    @Parameters(paramLabel = "EVENT_FILE", arity = "1..*")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        CompiledRuleSet set = RulesCommand.compileOrFail(rules);
        RuleDescriptor d = set.rules().stream().filter(r -> r.id().equals(ruleId)).findFirst()
                .orElseThrow(() -> new Main.UsageError("no rule '" + ruleId + "' (see `keelwatch rules list`)"));
        Diagnostics diag = new Diagnostics(x -> System.err.println("keelwatch: rejected " + x));
        int shown = 0;
        try (EventStream s = Inputs.open(Inputs.plan(files, source, InputOptions.sources(flatten), diag), diag, new Inventory())) {
            Event e;
            while ((e = s.next()) != null) {
                if (line != null && (e.origin() == null || e.origin().line() != line)) {
                    continue;
                }
                boolean sourceOk = d.sources().isEmpty() || d.sources().contains(e.source());
                Explanation x = set.explain(ruleId, e);
                shown++;
                if (format.equals("json")) {
                    var o = x.toJson();
                    o.put("event", String.valueOf(e.origin()));
                    o.put("source_applies", sourceOk);
                    o.put("verdict", set.verdict(ruleId, e).name().toLowerCase());
                    System.out.println(o);
                } else {
                    System.out.println(e.origin() + " (" + e.source() + ", " + e.action() + "): "
                            + (sourceOk ? set.verdict(ruleId, e).name().toLowerCase()
                            : "rule does not apply to source " + e.source()));
                    System.out.println("  " + x.toText().strip().replace("\n", "\n  "));
                }
            }
        }
        if (shown == 0) {
            System.err.println("keelwatch: no event" + (line == null ? "" : " at line " + line) + " in the files");
            return Main.ERROR;
        }
        return Main.OK;
    }
}
