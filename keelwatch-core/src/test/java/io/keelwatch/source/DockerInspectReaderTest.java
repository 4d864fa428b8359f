package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Times;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DockerInspectReaderTest {
    private final DockerInspectReader reader = new DockerInspectReader();

    @Test
    void arrayOfContainers() {
        ReaderHarness.Result r = ReaderHarness.readFixture(reader, DockerInspectReaderTest.class, "inspect.json");
        assertThat(r.events()).hasSize(2);
        assertThat(r.rejections()).hasSize(2);
        assertThat(r.rejections()).extracting(x -> x.origin().item()).containsExactly(1, 3);
        assertThat(r.reasons().get(0)).contains("expected a JSON object");
        assertThat(r.reasons().get(1)).contains("not a docker inspect container object");

        Event web = r.events().get(0);
        assertThat(web.source()).isEqualTo("docker_inspect");
        assertThat(web.string(Fields.EVENT_KIND)).isEqualTo("inventory");
        assertThat(web.action()).isEqualTo("inventory");
        assertThat(web.timeNanos()).isEqualTo(Times.parse("2025-04-01T08:00:01.123456789Z"));
        assertThat(web.string(Fields.CONTAINER_ID)).isEqualTo("1".repeat(64));
        assertThat(web.string(Fields.CONTAINER_NAME)).isEqualTo("frontend");
        assertThat(web.string(Fields.CONTAINER_IMAGE)).isEqualTo("nginx:1.25");
        assertThat(web.field(Fields.CONTAINER_LABELS)).isEqualTo(Map.of("app", "frontend", "tier", "web"));
        assertThat(web.field(Fields.CONTAINER_IPS)).isEqualTo(List.of("172.20.0.2", "172.21.0.2"));
        assertThat(web.field(Fields.CONTAINER_HOST_PATHS)).isEqualTo(List.of("/srv/www"));
        assertThat(web.field(Fields.CONTAINER_PRIVILEGED)).isEqualTo(false);
        assertThat(web.field(Fields.CONTAINER_HOST_IPC)).isEqualTo(false);
        assertThat(web.string(Fields.CONTAINER_LOG_DRIVER)).isEqualTo("json-file");
        assertThat(web.string(Fields.CONTAINER_RUNTIME)).isEqualTo("runc");
        assertThat(web.string(Fields.CONTAINER_COMMAND_LINE)).isEqualTo("/docker-entrypoint.sh nginx -g daemon off;");
        assertThat(web.field(Fields.CONTAINER_EXIT_CODE)).isNull();
        assertThat(FieldPath.parse("NetworkSettings.Networks.shopnet.Gateway").first(web)).isEqualTo("172.20.0.1");

        Event agent = r.events().get(1);
        assertThat(agent.timeNanos()).isEqualTo(Times.parse("2025-04-01T08:00:00.5Z")); // never started: Created
        assertThat(agent.field(Fields.CONTAINER_PRIVILEGED)).isEqualTo(true);
        assertThat(agent.field(Fields.CONTAINER_HOST_PID)).isEqualTo(true);
        assertThat(agent.field(Fields.CONTAINER_HOST_NETWORK)).isEqualTo(true);
        assertThat(agent.field(Fields.CONTAINER_HOST_IPC)).isEqualTo(true);
        assertThat(agent.field(Fields.CONTAINER_HOST_PATHS)).isEqualTo(List.of("/var/run/docker.sock"));
        assertThat(agent.field(Fields.CONTAINER_CAP_ADD)).isEqualTo(List.of("SYS_PTRACE", "NET_ADMIN"));
        assertThat(agent.field(Fields.CONTAINER_DEVICES)).isEqualTo(List.of("/dev/kmsg"));
        assertThat(agent.string(Fields.CONTAINER_LOG_DRIVER)).isEqualTo("none");
        assertThat(agent.field(Fields.CONTAINER_AUTO_REMOVE)).isEqualTo(true);
        assertThat(agent.field(Fields.CONTAINER_EXIT_CODE)).isEqualTo(3L);
        assertThat(agent.field(Fields.CONTAINER_LABELS)).isNull();
        assertThat(agent.field(Fields.CONTAINER_IPS)).isNull();
    }

    @Test
    void singleObjectAndJsonLines() {
        ReaderHarness.Result one = ReaderHarness.readFixture(reader, DockerInspectReaderTest.class, "single.json");
        assertThat(one.rejections()).isEmpty();
        assertThat(one.only().string(Fields.CONTAINER_NAME)).isEqualTo("frontend");

        ReaderHarness.Result lines = ReaderHarness.readFixture(reader, DockerInspectReaderTest.class, "lines.jsonl");
        assertThat(lines.events()).extracting(e -> e.string(Fields.CONTAINER_NAME)).containsExactly("frontend", "agent");
        assertThat(lines.rejections()).extracting(x -> x.origin().line()).containsExactly(2L, 3L);
        assertThat(lines.reasons().get(1)).contains("no \"Id\"");
    }

    @Test
    void sniff() {
        assertThat(reader.sniff(ReaderHarness.head(DockerInspectReaderTest.class, "inspect.json"))).isGreaterThanOrEqualTo(90);
        assertThat(reader.sniff(ReaderHarness.headOf("[{\"ID\":\"x\",\"Type\":\"container\",\"Action\":\"start\"}]"))).isZero();
        assertThat(reader.sniff(ReaderHarness.headOf("time=\"x\" level=info msg=\"Id HostConfig State\""))).isZero();
    }
}
