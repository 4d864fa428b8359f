package io.keelwatch.emulate.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.alert.Alert;
import io.keelwatch.alert.Priority;
import io.keelwatch.emulate.Label;
import io.keelwatch.emulate.Labels;
import io.keelwatch.emulate.Scenario;
import io.keelwatch.emulate.Scoring;
import io.keelwatch.engine.Pipeline;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleLoader;
import io.keelwatch.rule.TuningConfig;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.source.EventStream;
import io.keelwatch.source.Inputs;
import io.keelwatch.source.Inventory;
import io.keelwatch.source.K8sAuditReader;
import io.keelwatch.source.Sources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The emulated audit events through the real readers and rules, judged as {@code keelwatch validate} judges them
 * ({@link Scoring}): an attack needs an alert of priority medium or above carrying one of its techniques; a benign
 * look-alike must raise nothing of priority medium or above.
 */
class K8sEmulatorTest {
    static final Instant START = Instant.parse("2026-03-12T09:14:00.117Z");
    static final long S = 1_000_000_000L;
    static CompiledRuleSet rules;

    @TempDir
    Path dir;

    @BeforeAll
    static void compile() {
        CompileResult r = RuleCompiler.compile(List.of(RuleLoader.builtIn()), TuningConfig.defaults());
        assertThat(r.errors()).isEmpty();
        rules = r.ruleSet();
    }

    /** The events written as audit.jsonl, read back by the k8s audit reader and scanned; no record rejected. */
    List<Alert> scan(List<ObjectNode> events) throws IOException {
        Path file = dir.resolve("audit-" + System.nanoTime() + ".jsonl");
        Files.writeString(file, events.stream().map(ObjectNode::toString).collect(Collectors.joining("\n", "", "\n")));
        Diagnostics diag = Diagnostics.silent();
        List<Alert> alerts = new ArrayList<>();
        Pipeline p = new Pipeline(rules, alerts::add);
        long read = 0;
        try (EventStream s = Inputs.open(Inputs.plan(List.of(file), null, Sources.defaults(), diag), diag,
                new Inventory())) {
            Event e;
            while ((e = s.next()) != null) {
                assertThat(e.source()).isEqualTo(K8sAuditReader.TYPE);
                p.accept(e);
                read++;
            }
        }
        p.finish();
        assertThat(diag.totalRejected()).as(diag.summary()).isZero();
        assertThat(read).isEqualTo(events.size());
        return alerts;
    }

    /** Scenario name -> the rules that count for it, as keelwatch validate scores them ({@link Scoring}). */
    static Map<String, List<String>> judge(List<Label> labels, List<Alert> alerts) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Scoring.Row row : Scoring.score(K8sEmulator.scenarios(), labels, alerts).rows()) {
            out.put(row.scenario().name(), row.matching());
        }
        return out;
    }

    /** An attack: detected, by at least the rules it is expected to raise; a look-alike: nothing serious. */
    void assertVerdict(Scenario s, List<String> counted) {
        if (s.malicious()) {
            assertThat(counted).as(s.name()).isNotEmpty().containsAll(s.expectedRules());
        } else {
            assertThat(counted).as(s.name()).isEmpty();
        }
    }

    @Test
    void allScenariosTogetherAreDetectedOrQuietInTheirWindows() throws IOException {
        K8sEmulator.Run run = new K8sEmulator(7, START).run(List.of("all"));
        assertThat(run.labels()).extracting(Label::scenario)
                .containsExactlyElementsOf(K8sEmulator.scenarios().stream().map(Scenario::name).toList());
        Map<String, List<String>> verdicts = judge(run.labels(), scan(run.events()));
        for (Scenario s : K8sEmulator.scenarios()) {
            assertVerdict(s, verdicts.get(s.name()));
        }
    }

    @Test
    void eachScenarioAloneIsDetectedOrRaisesNothingSerious() throws IOException {
        for (Scenario s : K8sEmulator.scenarios()) {
            K8sEmulator.Run run = new K8sEmulator(11, START).run(List.of(s.name()));
            List<Alert> alerts = scan(run.events());
            assertVerdict(s, judge(run.labels(), alerts).get(s.name()));
            if (!s.malicious()) { // alone, not even outside its window
                assertThat(alerts.stream().filter(a -> a.priority().isAtLeast(Priority.MEDIUM)).map(Alert::rule)
                        .distinct().toList()).as(s.name()).isEmpty();
            }
        }
    }

    @Test
    void catalogueListsLookAlikesFirstWithTheStrategyOfTheRulesThatDetectTheAttacks() {
        List<Scenario> all = K8sEmulator.scenarios();
        assertThat(all).extracting(Scenario::name).doesNotHaveDuplicates().contains("pod-churn", "exec-recon",
                "benign-ci-churn", "benign-replicaset-pod", "benign-node-and-controller-reads", "benign-list-own-pods",
                "benign-ci-pod", "benign-healthcheck-exec");
        int firstAttack = all.indexOf(all.stream().filter(Scenario::malicious).findFirst().orElseThrow());
        assertThat(all.subList(0, firstAttack)).noneMatch(Scenario::malicious);
        assertThat(all.subList(firstAttack, all.size())).allMatch(Scenario::malicious);
        for (Scenario s : all) {
            assertThat(s.strategy()).as(s.name()).isIn("container-evasion", "container-recon");
            assertThat(s.techniques().isEmpty()).as(s.name()).isEqualTo(!s.malicious());
            if (s.malicious()) {
                var first = rules.rule(s.expectedRules().get(0)).orElseThrow();
                assertThat(s.strategy()).as(s.name()).isEqualTo(first.strategy());
                for (String r : s.expectedRules()) {
                    assertThat(rules.rule(r)).as(r).isPresent();
                }
            }
        }
    }

    @Test
    void eventsAreAuditEventsAsAnApiServerWritesThem() {
        K8sEmulator.Run run = new K8sEmulator(3, START).run(List.of("all"));
        List<ObjectNode> events = run.events();
        assertThat(events).hasSizeGreaterThan(80);
        assertThat(events).extracting(e -> e.path("auditID").asText()).doesNotHaveDuplicates()
                .allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
        Instant previous = Instant.EPOCH;
        for (ObjectNode e : events) {
            assertThat(K8sAuditReader.rejection(e)).as(e.toString()).isNull();
            assertThat(e.path("kind").asText()).isEqualTo("Event");
            assertThat(e.path("apiVersion").asText()).isEqualTo("audit.k8s.io/v1");
            assertThat(e.path("level").asText()).isIn("Metadata", "RequestResponse");
            assertThat(e.path("stage").asText()).isIn("ResponseStarted", "ResponseComplete");
            assertThat(e.path("userAgent").asText()).isNotBlank();
            assertThat(e.path("user").path("username").asText()).isNotBlank();
            assertThat(e.path("sourceIPs")).hasSize(1);
            assertThat(e.path("objectRef").path("resource").asText()).isNotBlank();
            Instant received = Instant.parse(e.path("requestReceivedTimestamp").asText());
            Instant done = Instant.parse(e.path("stageTimestamp").asText());
            assertThat(e.path("requestReceivedTimestamp").asText()).matches(".*T.*\\.\\d{6}Z");
            assertThat(received).isAfterOrEqualTo(previous).isAfterOrEqualTo(START);
            assertThat(done).isAfter(received);
            previous = received;
            int code = e.path("responseStatus").path("code").asInt();
            String sub = e.path("objectRef").path("subresource").asText("");
            if (sub.equals("exec") || sub.equals("attach") || sub.equals("portforward")) {
                assertThat(e.path("stage").asText()).isEqualTo("ResponseStarted");
                assertThat(code).isEqualTo(101);
            } else if (e.path("verb").asText().equals("watch")) {
                assertThat(e.path("stage").asText()).isEqualTo("ResponseStarted");
            } else {
                assertThat(e.path("stage").asText()).isEqualTo("ResponseComplete");
            }
            if (code == 403) {
                assertThat(e.at("/responseStatus/reason").asText()).isEqualTo("Forbidden");
                assertThat(e.at("/annotations/authorization.k8s.io~1decision").asText()).isEqualTo("forbid");
            } else {
                assertThat(e.at("/annotations/authorization.k8s.io~1decision").asText()).isEqualTo("allow");
            }
            if (e.path("level").asText().equals("Metadata")) {
                assertThat(e.has("requestObject") || e.has("responseObject")).isFalse();
                assertThat(e.at("/objectRef/resource").asText()).isEqualTo("secrets");
            }
        }
        // kubectl run: the client's pod, without defaults; the server's answer with them
        ObjectNode run1 = events.stream().filter(e -> e.path("requestURI").asText().endsWith("?fieldManager=kubectl-run")
                && e.at("/objectRef/name").asText().equals("my-app")).findFirst().orElseThrow();
        assertThat(run1.path("userAgent").asText()).startsWith("kubectl/v1.30");
        assertThat(run1.at("/responseStatus/code").asInt()).isEqualTo(201);
        assertThat(run1.at("/requestObject/spec/containers/0").toString()).isEqualTo(
                "{\"name\":\"my-app\",\"image\":\"alpine\",\"resources\":{}}");
        assertThat(run1.at("/responseObject/spec/containers/0/imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(run1.at("/responseObject/spec/serviceAccountName").asText()).isEqualTo("default");
        assertThat(run1.at("/responseObject/metadata/uid").asText()).isNotBlank();
        // the controller's pod: generateName, ownerReferences, a server-picked name, then the scheduler's binding
        ObjectNode rs = events.stream().filter(e -> e.at("/user/username").asText()
                .endsWith(":replicaset-controller")).findFirst().orElseThrow();
        assertThat(rs.at("/requestObject/metadata/ownerReferences/0/kind").asText()).isEqualTo("ReplicaSet");
        assertThat(rs.at("/objectRef").has("name")).isFalse();
        String pod = rs.at("/responseObject/metadata/name").asText();
        assertThat(pod).matches("web-7d9f8b6c5d-[a-z0-9]{5}");
        assertThat(events).anySatisfy(e -> assertThat(e.path("requestURI").asText())
                .isEqualTo("/api/v1/namespaces/shop/pods/" + pod + "/binding"));
        // exec: SPDY POST and WebSocket GET, the command in the query
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("verb").asText()).isEqualTo("get");
            assertThat(e.path("requestURI").asText()).contains("/exec?command=ps&command=aux&container=my-app");
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("verb").asText()).isEqualTo("create");
            assertThat(e.path("requestURI").asText()).contains("/exec?command=apk&command=add&command=curl");
        });
    }

    @Test
    void podChurnExceedsTheBurstThresholdAndTheCiChurnHasTheSameVolume() {
        K8sEmulator.Run run = new K8sEmulator(5, START).run(List.of("pod-churn", "benign-ci-churn"));
        for (String user : List.of("dave", "system:serviceaccount:ci-runner:gitlab-runner")) {
            List<ObjectNode> writes = run.events().stream()
                    .filter(e -> e.at("/user/username").asText().equals(user)
                            && e.at("/objectRef/resource").asText().equals("pods")
                            && !e.at("/objectRef").has("subresource")
                            && List.of("create", "delete").contains(e.path("verb").asText()))
                    .toList();
            assertThat(writes).as(user).hasSize(2 * AttackPlays.CHURN_PODS);
            assertThat(writes.stream().map(e -> e.at("/objectRef/namespace").asText()).distinct()).hasSize(1);
            Instant first = Instant.parse(writes.get(0).path("stageTimestamp").asText());
            Instant last = Instant.parse(writes.get(writes.size() - 1).path("stageTimestamp").asText());
            assertThat(java.time.Duration.between(first, last)).as(user).isLessThan(java.time.Duration.ofSeconds(50));
        }
        // every deleted pod was created before, with the same name
        List<String> created = run.events().stream().filter(e -> e.path("verb").asText().equals("create"))
                .map(e -> e.at("/responseObject/metadata/name").asText()).toList();
        run.events().stream().filter(e -> e.path("verb").asText().equals("delete"))
                .forEach(e -> assertThat(created).contains(e.at("/objectRef/name").asText()));
    }

    @Test
    void aSeedAndAStartTimeGiveTheSameEvents() {
        List<String> a = json(new K8sEmulator(42, START).run(List.of("all")));
        assertThat(json(new K8sEmulator(42, START).run(List.of("all")))).isEqualTo(a);
        assertThat(json(new K8sEmulator(43, START).run(List.of("all")))).isNotEqualTo(a);
        K8sEmulator.Run later = new K8sEmulator(42, START.plusSeconds(3600)).run(List.of("all"));
        assertThat(later.events().get(0).path("requestReceivedTimestamp").asText())
                .isEqualTo("2026-03-12T10:14:00.117000Z");
        assertThat(later.events().get(0).path("auditID")).isEqualTo(
                new K8sEmulator(42, START).run(List.of("all")).events().get(0).path("auditID"));
    }

    static List<String> json(K8sEmulator.Run r) {
        List<String> out = new ArrayList<>(r.events().stream().map(ObjectNode::toString).toList());
        r.labels().forEach(l -> out.add(Labels.line(l)));
        return out;
    }

    @Test
    void labelsSpanTheirScenariosEventsAndRoundTripThroughLabelsTsv() throws IOException {
        K8sEmulator.Run run = new K8sEmulator(9, START).run(List.of("exec-recon", "benign-list-own-pods", "pod-churn"));
        assertThat(run.labels()).extracting(Label::scenario)
                .containsExactly("benign-list-own-pods", "exec-recon", "pod-churn");
        for (ObjectNode e : run.events()) {
            long t = nanos(e.path("stageTimestamp").asText());
            assertThat(run.labels()).filteredOn(l -> l.startNs() <= t && t <= l.endNs()).hasSize(1);
        }
        Label recon = run.labels().get(1);
        assertThat(recon.kind()).isEqualTo("malicious");
        assertThat(recon.expect()).isEqualTo("T1609/T1613/T1049/T1057");
        assertThat(run.labels().get(0).expect()).isEqualTo("none");
        Path tsv = dir.resolve("labels.tsv");
        Labels.write(tsv, run.labels());
        assertThat(Labels.read(tsv)).isEqualTo(run.labels());
    }

    static long nanos(String stamp) {
        Instant t = Instant.parse(stamp);
        return t.getEpochSecond() * S + t.getNano();
    }

    @Test
    void anUnknownScenarioIsRefusedWithTheValidNames() {
        assertThatThrownBy(() -> new K8sEmulator(1, START).run(List.of("exec-recon", "nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope")
                .hasMessageContaining("pod-churn").hasMessageContaining("benign-ci-churn");
        assertThat(new K8sEmulator(1, START).run(List.of()).events()).isEmpty();
    }
}
