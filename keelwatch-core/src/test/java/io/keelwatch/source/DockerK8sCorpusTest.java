package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Reads the shared corpus (real and published samples) with the Kubernetes audit and Docker readers. */
class DockerK8sCorpusTest {
    private static final Path CORPUS = Path.of("../../shared/corpus");
    private static final Path FALCO = CORPUS.resolve("falco-k8saudit/k8s_audit");
    private static final Path LIVE = CORPUS.resolve("docker-live");

    @BeforeAll
    static void corpusPresent() {
        assumeTrue(Files.isDirectory(CORPUS), "../shared not present: skipping corpus test");
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void allFalcoTracesReadAndOnlyTheBrokenOneIsRejected() throws IOException {
        List<Path> traces = files(FALCO);
        assertThat(traces).hasSize(47);
        K8sAuditReader reader = new K8sAuditReader();
        Map<String, List<Event>> byFile = new HashMap<>();
        List<Diagnostics.Rejection> rejections = new ArrayList<>();
        for (Path p : traces) {
            assertThat(reader.sniff(new InputFile(p).head())).as(p.toString()).isPositive();
            ReaderHarness.Result r = ReaderHarness.readFile(reader, p);
            byFile.put(p.getFileName().toString(), r.events());
            rejections.addAll(r.rejections());
            if (!p.getFileName().toString().equals("fal_01_003.json")) {
                assertThat(r.events()).as(p.toString()).isNotEmpty();
                assertThat(Sources.defaults().detect(new InputFile(p).head())).as(p.toString())
                        .get().extracting(SourceReader::type).isEqualTo("k8s_audit");
            }
        }
        assertThat(rejections).singleElement().satisfies(x -> {
            assertThat(x.origin().file()).endsWith("fal_01_003.json");
            assertThat(x.origin().line()).isEqualTo(1);
            assertThat(x.reason()).startsWith("data not recognized as a k8s audit event");
        });
        assertThat(byFile.values().stream().mapToInt(List::size).sum()).isEqualTo(51);
        assertThat(byFile.get("create_configmap_sensitive_values.json")).hasSize(6);

        Event exec = byFile.get("exec_pod.json").get(0);
        assertThat(exec.string(Fields.EVENT_KIND)).isEqualTo("exec");
        assertThat(exec.string(Fields.PROCESS_COMMAND_LINE)).isEqualTo("bash");
        assertThat(exec.string(Fields.CONTAINER_NAME)).isEqualTo("nginx1");
        assertThat(byFile.get("attach_pod.json").get(0).string(Fields.EVENT_KIND)).isEqualTo("exec");
        for (String f : List.of("create_nginx_pod_privileged.json", "create_nginx_pod_privileged_2nd_container.json",
                "create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json")) {
            assertThat(byFile.get(f).get(0).field(Fields.CONTAINER_PRIVILEGED)).as(f).isEqualTo(true);
        }
        assertThat(byFile.get("create_nginx_pod_unprivileged.json").get(0).field(Fields.CONTAINER_PRIVILEGED)).isEqualTo(false);
        assertThat(byFile.get("create_nginx_pod_hostnetwork.json").get(0).field(Fields.CONTAINER_HOST_NETWORK)).isEqualTo(true);
        assertThat(byFile.get("create_nginx_pod_nohostnetwork.json").get(0).field(Fields.CONTAINER_HOST_NETWORK)).isEqualTo(false);
        assertThat(hostPaths(byFile.get("create_nginx_pod_sensitive_mount.json").get(0))).containsExactly("/etc");
        assertThat(byFile.get("create_nginx_pod_privileged.json").get(0).string(Fields.CONTAINER_IMAGE)).startsWith("nginx");
        assertThat(byFile.values()).allSatisfy(list -> assertThat(list).allSatisfy(e -> {
            assertThat(e.action()).isNotNull();
            assertThat(e.timeNanos()).isPositive();
        }));
    }

    @Test
    void formatSamplesReadWithoutRejection() throws IOException {
        Map<String, SourceReader> readers = Map.of("k8s_audit", new K8sAuditReader(),
                "docker_events", new DockerEventsReader(), "dockerd_log", new DockerdLogReader());
        readers.forEach((dir, reader) -> {
            List<Path> samples;
            try {
                samples = files(CORPUS.resolve("formats").resolve(dir));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            assertThat(samples).as(dir).isNotEmpty();
            for (Path p : samples) {
                ReaderHarness.Result r = ReaderHarness.readFile(reader, p);
                assertThat(r.rejections()).as(p.toString()).isEmpty();
                assertThat(r.events()).as(p.toString()).isNotEmpty();
                try {
                    assertThat(reader.sniff(new InputFile(p).head())).as(p.toString()).isGreaterThanOrEqualTo(40);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        });
    }

    @Test
    void liveDockerEvents() {
        ReaderHarness.Result r = ReaderHarness.readFile(new DockerEventsReader(), LIVE.resolve("events.jsonl"));
        assertThat(r.rejections()).isEmpty();
        assertThat(r.events()).hasSize(426);
        List<Event> containers = r.events().stream()
                .filter(e -> "container".equals(e.string(Fields.DOCKER_EVENT_TYPE))).toList();
        assertThat(containers).isNotEmpty().allSatisfy(e -> assertThat(e.string(Fields.CONTAINER_NAME)).isNotNull());
        List<Event> netstat = r.events().stream()
                .filter(e -> "netstat -tuln".equals(e.string(Fields.PROCESS_COMMAND_LINE))).toList();
        assertThat(netstat).extracting(Event::action).contains("exec_create", "exec_start");
        assertThat(netstat).allSatisfy(e -> {
            assertThat(e.string(Fields.EVENT_KIND)).isEqualTo("exec");
            assertThat(e.string(Fields.CONTAINER_NAME)).isEqualTo("web");
        });
        assertThat(r.events()).filteredOn(e -> "ci-job-1".equals(e.string(Fields.CONTAINER_NAME)))
                .allSatisfy(e -> assertThat(e.field(Fields.CONTAINER_LABELS)).isEqualTo(Map.of("ci", "true")));
    }

    @Test
    void liveDaemonLog() {
        ReaderHarness.Result r = ReaderHarness.readFile(new DockerdLogReader(), LIVE.resolve("dockerd.log"));
        assertThat(r.rejections()).isEmpty();
        List<Event> creates = r.events().stream().filter(e -> "container_create".equals(e.action())).toList();
        assertThat(creates).hasSize(57).allSatisfy(e -> {
            assertThat(e.raw().has("form")).isTrue();
            assertThat(e.string(Fields.CONTAINER_IMAGE)).isEqualTo("busybox:local");
        });
        assertThat(creates).filteredOn(e -> Boolean.TRUE.equals(e.field(Fields.CONTAINER_PRIVILEGED))).hasSize(1);
        assertThat(creates).filteredOn(e -> hostPaths(e).contains("/var/run/docker.sock")).hasSize(1);
        assertThat(creates).filteredOn(e -> hostPaths(e).contains("/")).hasSize(1);
        assertThat(creates).filteredOn(e -> Boolean.TRUE.equals(e.field(Fields.CONTAINER_HOST_PID))).hasSize(1);
        assertThat(creates).filteredOn(e -> "none".equals(e.string(Fields.CONTAINER_LOG_DRIVER))).hasSize(1);
        assertThat(creates).filteredOn(e -> "web".equals(e.string(Fields.CONTAINER_NAME))).singleElement()
                .satisfies(e -> assertThat(e.field(Fields.CONTAINER_LABELS)).isEqualTo(Map.of("app", "web")));
        assertThat(r.events()).filteredOn(e -> "exec_create".equals(e.action())
                && "netstat -tuln".equals(e.string(Fields.PROCESS_COMMAND_LINE))).hasSize(1)
                .allSatisfy(e -> assertThat(e.string(Fields.CONTAINER_NAME)).isEqualTo("web"));
        assertThat(r.events()).filteredOn(e -> "exec_start".equals(e.action())).hasSize(16)
                .allSatisfy(e -> assertThat(e.string(Fields.DOCKER_EXEC_ID)).hasSize(64));
        assertThat(r.events()).filteredOn(e -> "ping".equals(e.action())).hasSize(111);
        assertThat(r.events()).extracting(Event::action).contains("info", "version", "container_inspect",
                "container_list", "container_start", "container_delete", "network_create", "image_create");
        // every line is an event except the 90 request bodies attached to their calls
        assertThat(r.events()).hasSize(2989 - 90);
    }

    @Test
    void liveInventoryAndEnrichment() throws IOException {
        ReaderHarness.Result inv = ReaderHarness.readFile(new DockerInspectReader(), LIVE.resolve("inventory.json"));
        assertThat(inv.rejections()).isEmpty();
        assertThat(inv.events()).extracting(e -> e.string(Fields.CONTAINER_NAME))
                .containsExactlyInAnyOrder("web", "db", "pool", "client");
        assertThat(inv.events()).allSatisfy(e -> assertThat((List<?>) e.field(Fields.CONTAINER_IPS)).isNotEmpty());

        List<Inputs.Planned> plan = List.of(
                new Inputs.Planned(new InputFile(LIVE.resolve("inventory.json")), new DockerInspectReader()),
                new Inputs.Planned(new InputFile(LIVE.resolve("events.jsonl")), new DockerEventsReader()),
                new Inputs.Planned(new InputFile(LIVE.resolve("dockerd.log")), new DockerdLogReader()));
        Diagnostics diag = Diagnostics.silent();
        Inventory inventory = new Inventory();
        List<Event> all = new ArrayList<>();
        try (EventStream s = Inputs.open(plan, diag, inventory)) {
            Event e;
            while ((e = s.next()) != null) {
                all.add(e);
            }
        }
        assertThat(diag.totalRejected()).isZero();
        // daemon calls that name a container by id gain its name (learned from Docker events or the inventory)
        List<Event> starts = all.stream().filter(e -> "dockerd_log".equals(e.source())
                && "container_start".equals(e.action())).toList();
        assertThat(starts).hasSize(57).allSatisfy(e -> assertThat(e.string(Fields.CONTAINER_NAME)).isNotNull());
        // network connect/disconnect events name the container by id only: the inventory adds the name
        assertThat(all).filteredOn(e -> "docker_events".equals(e.source()) && e.string(Fields.CONTAINER_ID) != null)
                .hasSize(426 - 2).allSatisfy(e -> assertThat(e.string(Fields.CONTAINER_NAME)).isNotNull());
        assertThat(inventory.find("web")).get().satisfies(c -> {
            assertThat(c.ips()).contains("172.19.0.2");
            assertThat(c.labels()).containsEntry("app", "web");
        });
    }

    @SuppressWarnings("unchecked")
    private static List<String> hostPaths(Event e) {
        Object v = e.field(Fields.CONTAINER_HOST_PATHS);
        return v == null ? List.of() : (List<String>) v;
    }
}
