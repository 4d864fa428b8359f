package io.keelwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** `keelwatch events` over the five data files of the shared labelled Docker capture. */
class DockerLiveEventsTest {
    private static final Path DIR = Cli.SHARED.resolve("docker-live");
    private static List<JsonNode> events;
    private static Cli.Result result;

    @BeforeAll
    static void read() throws Exception {
        assumeTrue(Files.isDirectory(DIR), "../shared not present: skipping the docker-live corpus test");
        result = Cli.run("events", "--format", "json", "--strict",
                DIR.resolve("events.jsonl").toString(), DIR.resolve("dockerd.log").toString(),
                DIR.resolve("stats.jsonl").toString(), DIR.resolve("conn.log").toString(),
                DIR.resolve("inventory.json").toString());
        events = CliTest.lines(result.out());
    }

    @Test
    void everyFileYieldsEventsAndNothingIsRejected() {
        assertThat(result.code()).isZero();
        Set<String> sources = events.stream().map(e -> e.get("source").asText()).collect(Collectors.toSet());
        assertThat(sources).containsExactlyInAnyOrder("docker_events", "dockerd_log", "docker_stats", "zeek_conn",
                "docker_inspect");
        assertThat(result.err()).contains("rejected: none");
    }

    @Test
    void dockerEventsCarryContainerNames() {
        assertThat(events.stream().filter(e -> e.get("source").asText().equals("docker_events")
                && e.path("docker.event.type").asText().equals("container")))
                .isNotEmpty().allSatisfy(e -> assertThat(e.has("container.name")).isTrue());
    }

    @Test
    void execsCarryTheirCommandLine() {
        assertThat(events.stream().filter(e -> e.path("process.command_line").asText().equals("netstat -tuln"))
                .map(e -> e.get("source").asText() + "/" + e.get("event.action").asText()))
                .contains("docker_events/exec_create", "dockerd_log/exec_create");
    }

    @Test
    void privilegedCreateAndSocketMountComeFromTheFormData() {
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("event.action").asText()).isEqualTo("container_create");
            assertThat(e.path("container.privileged").asBoolean()).isTrue();
        });
        assertThat(events).anySatisfy(e -> assertThat(e.path("container.mounts.host_paths").toString())
                .contains("/var/run/docker.sock"));
    }

    @Test
    void flowsToPort3333CarryTheContainerNamesOfBothEnds() {
        List<JsonNode> flows = events.stream().filter(e -> e.path("destination.port").asInt() == 3333).toList();
        assertThat(flows).isNotEmpty().allSatisfy(f -> {
            assertThat(f.path("destination.container.name").asText()).isEqualTo("pool");
            assertThat(f.path("source.container.name").asText()).isNotEmpty();
        });
        assertThat(flows).anySatisfy(f -> assertThat(f.path("source.container.name").asText()).isEqualTo("db"));
    }
}
