package io.keelwatch.rule.sigma;

import io.keelwatch.alert.Alert;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.RuleError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SigmaSemanticsTest {
    static Event json(String text) {
        try {
            return Event.builder("json").time(1_700_000_000_000_000_000L).raw(SigmaCorpus.M.readTree(text)).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String rule(String detection) {
        return "title: T\nid: r1\nauthor: Someone\nlevel: high\nlogsource:\n  product: test\ndetection:\n" + detection;
    }

    static boolean matches(String detection, String event) {
        CompileResult r = SigmaCorpus.compileText("t.yml", rule(detection));
        assertThat(r.errors()).as(detection).isEmpty();
        List<Alert> out = new ArrayList<>();
        r.ruleSet().evaluate(json(event), out::add);
        return !out.isEmpty();
    }

    static List<String> refusal(String yaml) {
        return SigmaCorpus.compileText("t.yml", yaml).errors().stream().map(RuleError::message).toList();
    }

    static final String CMD = "{\"Image\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\",\"CommandLine\":\"cmd.exe /c ping -n 1 host\","
            + "\"User\":\"CORP\\\\alice\",\"ParentUser\":\"corp\\\\ALICE\",\"Port\":8443,\"Ip\":\"10.1.2.3\",\"Empty\":\"\","
            + "\"Time\":\"2024-05-01T03:04:05Z\",\"Nested\":{\"List\":[{\"k\":\"a\"},{\"k\":\"b\"}]},"
            + "\"Enc\":\"cG93ZXJzaGVsbCAtZW5j\",\"Wide\":\"aABvAHMAdABuAGEAbQBlAA==\"}";

    @Test
    void valuesAreCaseInsensitiveWildcardsWithSpecEscapes() {
        assertThat(matches("  s:\n    Image: 'c:\\windows\\system32\\CMD.EXE'\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    Image: '*\\cmd.exe'\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    Image: 'C:\\Windows\\System32\\cmd.ex?'\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    Image: 'C:\\Windows\\System32\\cmd.ex\\?'\n  condition: s", CMD)).isFalse();
        assertThat(matches("  s:\n    Image|cased: 'c:\\windows\\system32\\cmd.exe'\n  condition: s", CMD)).isFalse();
        assertThat(matches("  s:\n    Nested.List.k: b\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    Empty: ''\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    Missing: null\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    Image: null\n  condition: s", CMD)).isFalse();
        assertThat(matches("  s:\n    Port: 8443\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    Port: '8443'\n  condition: s", CMD)).isTrue();
    }

    @Test
    void modifiers() {
        assertThat(matches("  s:\n    CommandLine|contains|all: [PING, '-n']\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    CommandLine|contains|all: [ping, '-x']\n  condition: s", CMD)).isFalse();
        assertThat(matches("  s:\n    CommandLine|contains|windash: ' /n '\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    CommandLine|contains|windash: \" \u2014c \"\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    CommandLine|startswith: CMD\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    CommandLine|endswith: HOST\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    CommandLine|re: 'P[i]ng'\n  condition: s", CMD)).isFalse();
        assertThat(matches("  s:\n    CommandLine|re|i: 'P[i]ng'\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    Ip|cidr: 10.0.0.0/8\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    Port|gte: 8443\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    Port|lt: 8443\n  condition: s", CMD)).isFalse();
        assertThat(matches("  s:\n    Image|exists: true\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    Nope|exists: false\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    Image|endswith|neq: '\\powershell.exe'\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    Nope|neq: x\n  condition: s", CMD)).isFalse();
        assertThat(matches("  s:\n    User|fieldref: ParentUser\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    User|fieldref|cased: ParentUser\n  condition: s", CMD)).isFalse();
        assertThat(matches("  s:\n    Enc|base64: 'powershell -enc'\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    Enc|base64offset|contains: '-enc'\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    Wide|wide|base64offset|contains: hostname\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    Time|hour: 3\n  condition: s", CMD)).isTrue();
        assertThat(matches("  s:\n    Time|month|gt: 6\n  condition: s", CMD)).isFalse();
    }

    @Test
    void base64offsetGivesTheThreeShiftedForms() {
        assertThat(SigmaEncodings.base64offset("/bin/bash".getBytes()))
                .containsExactly("L2Jpbi9iYXNo", "9iaW4vYmFza", "vYmluL2Jhc2");
        assertThat(SigmaEncodings.base64offset("ping".getBytes())).containsExactly("cGluZ", "Bpbm", "waW5n");
    }

    @Test
    void conditions() {
        String ids = "  sel_a:\n    Image|endswith: cmd.exe\n  sel_b:\n    CommandLine|contains: nothing\n"
                + "  _hidden:\n    Image: nope\n";
        assertThat(matches(ids + "  condition: 1 of sel_*", CMD)).isTrue();
        assertThat(matches(ids + "  condition: all of sel_*", CMD)).isFalse();
        assertThat(matches(ids + "  condition: all of them", CMD)).isFalse();
        assertThat(matches(ids.replace("nothing", "ping") + "  condition: all of them", CMD)).isTrue();
        assertThat(matches(ids + "  condition: 2 of them", CMD)).isFalse();
        assertThat(matches(ids + "  condition: sel_a and not (sel_b or _hidden)", CMD)).isTrue();
        assertThat(matches(ids + "  condition:\n    - sel_b\n    - sel_a", CMD)).isTrue();
        assertThat(matches("  s:\n    - Image: x\n    - CommandLine|contains: ping\n  condition: s", CMD)).isTrue();
    }

    @Test
    void keywordsSearchTheWholeEvent() {
        assertThat(matches("  k:\n    - 'PING -N'\n    - nothing\n  condition: k", CMD)).isTrue();
        assertThat(matches("  k:\n    '|all':\n      - ping\n      - nothing\n  condition: k", CMD)).isFalse();
        assertThat(matches("  k:\n    '|all':\n      - ping\n      - alice\n  condition: k", CMD)).isTrue();
    }

    @Test
    void unsupportedConstructsAreRefusedByName() {
        assertThat(refusal(rule("  s:\n    Image|sometimes: x\n  condition: s")))
                .anySatisfy(m -> assertThat(m).contains("unknown Sigma modifier 'sometimes'"));
        assertThat(refusal(rule("  s:\n    Image: x\n  condition: s | count() by Host > 5")))
                .anySatisfy(m -> assertThat(m).contains("aggregation syntax"));
        assertThat(refusal(rule("  s:\n    Image: x\n  condition: t")))
                .anySatisfy(m -> assertThat(m).contains("names 't', which the detection does not define"));
        assertThat(refusal(rule("  s:\n    Image|expand: '%admins%'\n  condition: s")))
                .anySatisfy(m -> assertThat(m).contains("placeholder '%admins%'"));
        assertThat(refusal(rule("  s:\n    Image|re: '(?<=a)b'\n  condition: s")))
                .anySatisfy(m -> assertThat(m).contains("linear-time (RE2) engine"));
        assertThat(refusal(rule("  s:\n    Image|base64: 'a*'\n  condition: s")))
                .anySatisfy(m -> assertThat(m).contains("cannot encode a value with wildcards"));
    }

    @Test
    void filtersAndAttribution() {
        String yaml = rule("  s:\n    Image|endswith: cmd.exe\n  condition: s") + "\n---\ntitle: Not alice\n"
                + "logsource:\n  product: test\nfilter:\n  rules: [r1]\n  sel:\n    User|endswith: alice\n"
                + "  condition: sel\n";
        CompileResult r = SigmaCorpus.compileText("local/my-rules.yml", yaml);
        assertThat(r.errors()).isEmpty();
        List<Alert> out = new ArrayList<>();
        r.ruleSet().evaluate(json(CMD), out::add);
        assertThat(out).isEmpty();
        r.ruleSet().evaluate(json(CMD.replace("alice", "bob")), out::add);
        assertThat(out).singleElement().satisfies(a -> {
            assertThat(a.summary()).contains("Sigma rule by Someone");
            assertThat(a.tags()).contains("author:Someone");
            assertThat(a.tags()).anySatisfy(t -> assertThat(t).startsWith("sigma.link:file:"));
        });
    }
}
