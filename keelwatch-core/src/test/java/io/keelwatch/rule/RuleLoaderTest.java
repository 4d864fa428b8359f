package io.keelwatch.rule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RuleLoaderTest {

    @Test
    void readsThePackListedInAnIndex() {
        RuleSetSource s = RuleLoader.fromIndex(getClass().getClassLoader(), "fixtures/RuleLoaderTest/pack",
                "builtin:");
        assertThat(s.files()).extracting(RuleSetSource.RuleFile::name).containsExactly("builtin:example.yaml");
        assertThat(s.errors()).extracting(RuleError::toString)
                .containsExactly("builtin:missing.yaml: listed in index.txt but not found on the classpath");
        CompileResult r = RuleCompiler.compile(TuningConfig.none(), s);
        assertThat(r.ruleSet().rules()).extracting(RuleDescriptor::id).containsExactly("example-rule");
        assertThat(r.errors()).hasSize(1);
        assertThat(RuleLoader.fromIndex(getClass().getClassLoader(), "fixtures/nowhere/", "x:").errors())
                .hasSize(1);
    }

    @Test
    void builtInPackLoads() {
        RuleSetSource s = RuleLoader.builtIn();
        assertThat(s.errors()).isEmpty();
        assertThat(s.files()).allMatch(f -> f.name().startsWith("builtin:"));
    }

    @Test
    void loadsFilesAndDirectoriesInOrder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.yaml"), "- rule: b\n  priority: low\n  condition: container.name = b\n");
        Files.writeString(dir.resolve("a.yml"), "- rule: a\n  priority: low\n  condition: container.name = a\n");
        Files.writeString(dir.resolve("notes.txt"), "not rules");
        Path extra = Files.writeString(dir.resolve("extra.rules"), "- rule: c\n  enabled: false\n");
        RuleSetSource s = RuleLoader.load(dir, extra, dir.resolve("missing.yaml"));
        assertThat(s.files()).extracting(f -> Path.of(f.name()).getFileName().toString())
                .containsExactly("a.yml", "b.yaml", "extra.rules");
        assertThat(s.errors()).hasSize(1);
        assertThat(s.errors().get(0).message()).startsWith("cannot read rule file");
        CompileResult r = RuleCompiler.compile(TuningConfig.none(), s);
        assertThat(r.errors()).extracting(RuleError::message).contains(
                "can't switch rule 'c' on or off: it is not defined in an earlier item or file");
        assertThat(RuleLoader.resource("fixtures/RuleLoaderTest/pack/example.yaml").files()).hasSize(1);
        assertThat(RuleLoader.resource("fixtures/none.yaml").errors()).hasSize(1);
    }
}
