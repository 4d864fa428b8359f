package io.keelwatch.rule;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in rule pack against its own samples ({@code io/keelwatch/rules/samples/}, listed in the folder's
 * {@code index.txt}), compiled with the shipped tuning defaults as {@code keelwatch scan} runs it: every sample
 * passes, and every built-in rule has at least one true positive ({@code match}) and one true negative
 * ({@code no_match}).
 *
 * <p>The stateful rules' samples live in {@code samples/stateful.yaml}. Until that file exists the index may
 * name it without it being there, and only stateless rules must be covered; once it exists, every rule of every
 * kind must be.
 */
class BuiltInSamplesTest {
    static final String SAMPLES = RuleLoader.BUILTIN_FOLDER + "samples/";
    /** The one index entry allowed to be missing (written by whoever owns the stateful rules). */
    static final String STATEFUL = "stateful.yaml";

    private static CompiledRuleSet pack;
    private static final Map<String, String> files = new LinkedHashMap<>();
    private static final List<String> missing = new ArrayList<>();

    @BeforeAll
    static void load() {
        CompileResult r = RuleCompiler.compile(TuningConfig.defaults(), RuleLoader.builtIn());
        assertThat(r.errors()).as("errors compiling the built-in pack").isEmpty();
        pack = r.ruleSet();
        for (String name : indexEntries()) {
            String text = resource(SAMPLES + name);
            if (text == null) {
                missing.add(name);
            } else {
                files.put(name, text);
            }
        }
    }

    @Test
    void indexNamesExistingFilesExceptPerhapsTheStatefulSamples() {
        assertThat(files).as("sample files listed in samples/index.txt").isNotEmpty();
        assertThat(missing)
                .as("samples/index.txt lists files that are not on the classpath; only " + STATEFUL
                        + " (the stateful rules' samples, maintained separately) may be missing, and only until it"
                        + " is written")
                .allMatch(STATEFUL::equals);
        if (!missing.isEmpty()) {
            System.out.println("BuiltInSamplesTest: samples/" + STATEFUL + " is listed in samples/index.txt but not"
                    + " there yet; stateful rules are not required to have samples until it is");
        }
    }

    @Test
    void everySampleFileIsInTheIndex() throws IOException, URISyntaxException {
        URL dir = BuiltInSamplesTest.class.getClassLoader().getResource(SAMPLES + "index.txt");
        assertThat(dir).isNotNull();
        if (!"file".equals(dir.getProtocol())) {
            return; // inside a jar: the folder can't be listed
        }
        TreeSet<String> present = new TreeSet<>();
        try (Stream<Path> s = Files.list(Path.of(dir.toURI()).getParent())) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .forEach(present::add);
        }
        assertThat(indexEntries()).as("samples/index.txt (every sample file must be listed to ship)")
                .containsAll(present);
    }

    @Test
    void everySamplePasses() {
        SampleRunner runner = new SampleRunner(pack);
        List<String> problems = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, String> f : files.entrySet()) {
            SampleRunner.Report report = runner.run("samples/" + f.getKey(), f.getValue());
            report.errors().forEach(e -> problems.add(e.toString()));
            for (SampleRunner.Result res : report.results()) {
                total++;
                if (!res.passed()) {
                    problems.add(res.file() + ":" + res.line() + " " + res.rule() + " [" + res.name() + "] expected "
                            + res.expected().label() + ", got "
                            + (res.actual() == null ? "no verdict: " + res.error() : res.actual().name().toLowerCase()));
                }
            }
        }
        assertThat(total).as("samples run").isPositive();
        assertThat(problems).as("failing samples and sample file errors").isEmpty();
    }

    @Test
    void everyBuiltInRuleHasATruePositiveAndATrueNegative() {
        boolean statefulSamples = !missing.contains(STATEFUL);
        Map<String, TreeSet<String>> expectations = new LinkedHashMap<>();
        SampleRunner runner = new SampleRunner(pack);
        for (Map.Entry<String, String> f : files.entrySet()) {
            for (SampleRunner.Result res : runner.run("samples/" + f.getKey(), f.getValue()).results()) {
                if (res.expected() != null) {
                    expectations.computeIfAbsent(res.rule(), k -> new TreeSet<>()).add(res.expected().label());
                }
            }
        }
        List<String> lacking = new ArrayList<>();
        for (RuleDescriptor d : pack.rules()) {
            if (!statefulSamples && !"stateless".equals(d.kind())) {
                continue;
            }
            TreeSet<String> have = expectations.getOrDefault(d.id(), new TreeSet<>());
            for (String want : List.of("match", "no_match")) {
                if (!have.contains(want)) {
                    lacking.add(d.id() + " (" + d.kind() + ", " + d.file() + ") has no '" + want + "' sample");
                }
            }
        }
        assertThat(pack.rules()).as("built-in rules").isNotEmpty();
        assertThat(lacking).as("built-in rules without a true positive or a true negative"
                + (statefulSamples ? "" : " (stateless rules only: samples/" + STATEFUL + " does not exist yet)"))
                .isEmpty();
    }

    static List<String> indexEntries() {
        String index = resource(SAMPLES + "index.txt");
        assertThat(index).as("classpath resource " + SAMPLES + "index.txt").isNotNull();
        List<String> out = new ArrayList<>();
        for (String line : index.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(t);
            }
        }
        return out;
    }

    static String resource(String path) {
        try (InputStream in = BuiltInSamplesTest.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
