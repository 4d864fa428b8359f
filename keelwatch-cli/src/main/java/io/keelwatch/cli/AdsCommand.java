package io.keelwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.emulate.Scenario;
import io.keelwatch.emulate.docker.DockerEmulation;
import io.keelwatch.emulate.k8s.K8sEmulator;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.rule.RuleDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keelwatch ads}: the Alerting & Detection Strategies Keelwatch implements, with the rules of each. */
@Command(name = "ads", mixinStandardHelpOptions = true,
        description = "Show the detection strategies (ADS documents) and the rules that implement them.")
final class AdsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(arity = "0..1", paramLabel = "ID", description = "A strategy id (default: all).")
    String id;

    @Option(names = {"-o", "--format"}, defaultValue = "md", description = "md or json")
    String format;

    @Mixin
    RuleOptions rules;

    @Option(names = "--coverage", description = "Print the ATT&CK coverage table (technique -> rules) instead.")
    boolean coverage;

    static List<ObjectNode> load() {
        return io.keelwatch.rule.Strategies.all();
    }

    @Override
    public Integer call() throws Exception {
        if (!format.equals("md") && !format.equals("json")) {
            throw new Main.UsageError("--format must be md or json");
        }
        CompiledRuleSet set = RulesCommand.compileOrFail(rules);
        List<ObjectNode> all = load();
        if (coverage) {
            System.out.print(coverageTable(all, set.rules()));
            return Main.OK;
        }
        List<ObjectNode> chosen = all.stream().filter(s -> id == null || s.path("id").asText().equals(id)).toList();
        if (chosen.isEmpty()) {
            throw new Main.UsageError("no strategy '" + id + "'; known: "
                    + all.stream().map(s -> s.path("id").asText()).toList());
        }
        for (ObjectNode s : chosen) {
            ArrayNode rulesNode = s.putArray("rules");
            for (RuleDescriptor d : set.rules()) {
                if (s.path("id").asText().equals(d.strategy())) {
                    rulesNode.addObject().put("id", d.id()).put("title", d.title()).put("priority", d.priority().label())
                            .put("kind", d.kind()).set("techniques", JSON.valueToTree(d.techniques()));
                }
            }
            ArrayNode scenarios = s.putArray("validation_scenarios");
            addScenarios(scenarios, "docker", DockerEmulation.scenarios(), s.path("id").asText());
            addScenarios(scenarios, "k8s", K8sEmulator.scenarios(), s.path("id").asText());
            if (format.equals("json")) {
                System.out.println(s);
            } else {
                System.out.println(markdown(s));
            }
        }
        return Main.OK;
    }

    private static void addScenarios(ArrayNode out, String emulator, List<Scenario> all, String strategy) {
        for (Scenario sc : all) {
            if (sc.strategy().equals(strategy)) {
                ObjectNode o = out.addObject().put("emulator", emulator).put("scenario", sc.name())
                        .put("kind", sc.kind()).put("description", sc.description());
                sc.techniques().forEach(o.putArray("techniques")::add);
                sc.expectedRules().forEach(o.putArray("expected_rules")::add);
            }
        }
    }

    static String markdown(JsonNode s) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(s.path("title").asText()).append(" (`").append(s.path("id").asText()).append("`)\n\n");
        section(md, "Goal", s.path("goal").asText());
        md.append("## Categorization\n\n");
        for (JsonNode t : s.path("categorization").path("techniques")) {
            md.append("- ").append(t.path("id").asText()).append(" ").append(t.path("name").asText()).append('\n');
        }
        for (JsonNode t : s.path("categorization").path("first_filed_under")) {
            md.append("- first filed under ").append(t.path("id").asText()).append(" ").append(t.path("name").asText())
                    .append(" (").append(t.path("tactic").asText()).append(")\n");
        }
        md.append("- tactics: ").append(join(s.path("categorization").path("tactics"))).append('\n');
        md.append("- platforms: ").append(join(s.path("categorization").path("platforms"))).append("\n\n");
        section(md, "Strategy Abstract", s.path("strategy_abstract").asText());
        section(md, "Technical Context", s.path("technical_context").asText());
        md.append("## Blind Spots and Assumptions\n\n");
        s.path("blind_spots").forEach(b -> md.append("- Blind spot: ").append(b.asText()).append('\n'));
        s.path("assumptions").forEach(b -> md.append("- Assumption: ").append(b.asText()).append('\n'));
        md.append('\n');
        md.append("## False Positives\n\n");
        s.path("false_positives").forEach(b -> md.append("- ").append(b.asText()).append('\n'));
        md.append('\n');
        section(md, "Validation", s.path("validation").asText());
        if (s.path("validation_scenarios").size() > 0) {
            md.append("| emulator | scenario | kind | techniques | what it does |\n|---|---|---|---|---|\n");
            for (JsonNode v : s.path("validation_scenarios")) {
                md.append("| ").append(v.path("emulator").asText()).append(" | `").append(v.path("scenario").asText())
                        .append("` | ").append(v.path("kind").asText()).append(" | ").append(join(v.path("techniques")))
                        .append(" | ").append(v.path("description").asText().replace("|", "\\|")).append(" |\n");
            }
            md.append('\n');
        }
        section(md, "Priority", s.path("priority").asText() + ": " + s.path("priority_reason").asText());
        md.append("## Response\n\n");
        int i = 1;
        for (JsonNode r : s.path("response")) {
            md.append(i++).append(". ").append(r.asText()).append('\n');
        }
        md.append("\n## Rules\n\n| rule | priority | kind | techniques | title |\n|---|---|---|---|---|\n");
        for (JsonNode r : s.path("rules")) {
            md.append("| `").append(r.path("id").asText()).append("` | ").append(r.path("priority").asText()).append(" | ")
                    .append(r.path("kind").asText()).append(" | ").append(join(r.path("techniques"))).append(" | ")
                    .append(r.path("title").asText()).append(" |\n");
        }
        md.append("\n## Additional Resources\n\n");
        s.path("additional_resources").forEach(b -> md.append("- ").append(b.asText()).append('\n'));
        return md.toString();
    }

    /** Technique -> the enabled rules that name it, with the technique names the strategies give. */
    static String coverageTable(List<ObjectNode> strategies, List<RuleDescriptor> rules) {
        java.util.Map<String, String> names = new java.util.TreeMap<>();
        for (ObjectNode s : strategies) {
            for (JsonNode t : s.path("categorization").path("techniques")) {
                names.put(t.path("id").asText(), t.path("name").asText());
            }
        }
        java.util.Map<String, List<RuleDescriptor>> by = new java.util.TreeMap<>();
        for (RuleDescriptor d : rules) {
            if (d.enabled()) {
                for (String t : d.techniques()) {
                    by.computeIfAbsent(t, k -> new ArrayList<>()).add(d);
                }
            }
        }
        StringBuilder md = new StringBuilder("| technique | name | rules | highest priority | strategies |\n|---|---|---|---|---|\n");
        for (var e : by.entrySet()) {
            List<RuleDescriptor> rs = e.getValue();
            String top = rs.stream().map(RuleDescriptor::priority).min(java.util.Comparator.naturalOrder())
                    .map(p -> p.label()).orElse("");
            String strategies2 = rs.stream().map(RuleDescriptor::strategy).filter(java.util.Objects::nonNull).distinct()
                    .sorted().reduce((a, b) -> a + ", " + b).orElse("");
            String ids = rs.stream().map(r -> "`" + r.id() + "`").reduce((a, b) -> a + " " + b).orElse("");
            md.append("| ").append(e.getKey()).append(" | ").append(names.getOrDefault(e.getKey(), ""))
                    .append(" | ").append(ids).append(" | ").append(top).append(" | ").append(strategies2).append(" |\n");
        }
        return md.toString();
    }

    private static void section(StringBuilder md, String title, String text) {
        md.append("## ").append(title).append("\n\n").append(text).append("\n\n");
    }

    private static String join(JsonNode arr) {
        List<String> l = new ArrayList<>();
        arr.forEach(n -> l.add(n.asText()));
        return String.join(", ", l);
    }
}
