package io.keelwatch.emulate.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.emulate.Label;
import io.keelwatch.emulate.Scenario;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes the Kubernetes API server audit events of attack scenarios and their benign look-alikes, as a v1.30 API
 * server logs them at level RequestResponse (kubectl, controller, kubelet and CI runner user agents; stages
 * ResponseComplete, or ResponseStarted with 101 for exec, attach and port-forward and for watches; the server's
 * defaults in response pods; RBAC annotations; Status bodies of refusals; secrets at Metadata level). Scenarios
 * follow each other a few seconds apart from the start time; a seed and a start time give the same events.
 */
public final class K8sEmulator {
    /** Seconds between the end of one scenario and the start of the next. */
    static final double GAP_SECONDS = 5;

    private final long seed;
    private final Instant start;

    public K8sEmulator(long seed, Instant start) {
        this.seed = seed;
        this.start = start;
    }

    /** Every scenario, benign ones first. */
    public static List<Scenario> scenarios() {
        return K8sScenarios.ALL.stream().map(K8sScenarios.Entry::scenario).toList();
    }

    /**
     * Runs the named scenarios (in catalogue order; {@code all} names every one); unknown name ->
     * IllegalArgumentException listing the valid ones.
     */
    public Run run(Collection<String> names) {
        Set<String> wanted = new LinkedHashSet<>(names);
        if (wanted.remove("all")) {
            scenarios().forEach(s -> wanted.add(s.name()));
        }
        Set<String> known = scenarios().stream().map(Scenario::name).collect(Collectors.toSet());
        List<String> unknown = wanted.stream().filter(n -> !known.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown Kubernetes scenario" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown) + "; valid: "
                    + scenarios().stream().map(Scenario::name).collect(Collectors.joining(", ")));
        }
        AuditTimeline tl = new AuditTimeline(seed, start);
        Cluster cluster = new Cluster(tl);
        for (K8sScenarios.Entry e : K8sScenarios.ALL) {
            if (wanted.contains(e.scenario().name())) {
                tl.begin(e.scenario());
                e.play().play(tl, cluster);
                tl.end();
                tl.pause(GAP_SECONDS);
            }
        }
        return new Run(List.copyOf(tl.events()), List.copyOf(tl.labels()));
    }

    /** The events of a run, in time order, and one label per scenario. */
    public record Run(List<ObjectNode> events, List<Label> labels) {
        /** Writes {@code dir/audit.jsonl} (one event per line) and {@code dir/labels.tsv}. */
        public void write(java.nio.file.Path dir) throws java.io.IOException {
            java.nio.file.Files.createDirectories(dir);
            try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(dir.resolve("audit.jsonl"),
                    java.nio.charset.StandardCharsets.UTF_8)) {
                for (ObjectNode e : events) {
                    w.write(e.toString());
                    w.write('\n');
                }
            }
            io.keelwatch.emulate.Labels.write(dir.resolve("labels.tsv"), labels);
        }
    }
}
