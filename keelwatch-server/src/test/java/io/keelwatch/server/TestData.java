package io.keelwatch.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.live.Inbox;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleLoader;
import io.keelwatch.rule.TuningConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared inputs of the daemon tests: the built-in rules and the shared corpus beside the repository (when present). */
final class TestData {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path CORPUS = Path.of("../../shared/corpus");
    static final Path FALCO = CORPUS.resolve("falco-k8saudit/k8s_audit");
    static final Path DOCKER_LIVE = CORPUS.resolve("docker-live");
    private static CompiledRuleSet rules;

    private TestData() {
    }

    static synchronized CompiledRuleSet rules() {
        if (rules == null) {
            CompileResult r = RuleCompiler.compile(List.of(RuleLoader.builtIn()), TuningConfig.defaults());
            assertThat(r.errors()).isEmpty();
            rules = r.ruleSet();
        }
        return rules;
    }

    /** Every JSON line of the Falco traces that is an audit event (has a verb), file by file, in name order. */
    static List<JsonNode> falcoEvents() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(FALCO)) {
            for (Path f : files.sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode n = JSON.readTree(line);
                    if (n.isObject() && n.has("verb")) {
                        out.add(n);
                    }
                }
            }
        }
        return out;
    }

    /** An EventList exactly as the API server's webhook backend sends it. */
    static String eventList(List<JsonNode> items) {
        var list = JSON.createObjectNode();
        list.put("kind", "EventList").put("apiVersion", "audit.k8s.io/v1");
        list.putObject("metadata");
        var arr = list.putArray("items");
        items.forEach(arr::add);
        return list.toString();
    }

    /** Docker events and Zeek connections of the docker-live capture, one record per line. */
    static List<Inbox.Record> dockerLiveRecords() throws IOException {
        List<Inbox.Record> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(DOCKER_LIVE.resolve("events.jsonl"))) {
            out.add(new Inbox.Record("docker_events", "events.jsonl:" + ++n, line));
        }
        n = 0;
        for (String line : Files.readAllLines(DOCKER_LIVE.resolve("conn.log"))) {
            out.add(new Inbox.Record("zeek_conn", "conn.log:" + ++n, line));
        }
        return out;
    }
}
