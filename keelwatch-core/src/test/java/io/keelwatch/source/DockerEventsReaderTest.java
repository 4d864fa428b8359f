package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DockerEventsReaderTest {
    private static final String CID = "3f1c2b9a8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b";
    private static final String EXEC = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b";
    private static final long T = 1735725600L * 1_000_000_000L;
    private final DockerEventsReader reader = new DockerEventsReader();

    private ReaderHarness.Result read() {
        return ReaderHarness.readFixture(reader, DockerEventsReaderTest.class, "events.jsonl");
    }

    @Test
    void readsGoodLinesRejectsBadOnes() {
        ReaderHarness.Result r = read();
        assertThat(r.events()).hasSize(11);
        assertThat(r.rejections()).extracting(x -> x.origin().line()).containsExactly(9L, 10L, 11L);
        assertThat(r.rejections()).allSatisfy(x -> assertThat(x.origin().file()).endsWith("events.jsonl"));
        assertThat(r.reasons().get(0)).startsWith("malformed JSON");
        assertThat(r.reasons().get(1)).contains("not a Docker event");
        assertThat(r.reasons().get(2)).contains("timeNano");
        assertThat(r.events()).allSatisfy(e -> {
            assertThat(e.string(Fields.EVENT_KIND)).isNotNull();
            assertThat(e.action()).isNotNull();
        });
    }

    @Test
    void containerCreateCarriesNameImageAndLabels() {
        Event e = read().events().get(0);
        assertThat(e.timeNanos()).isEqualTo(T + 123_456_789L);
        assertThat(e.action()).isEqualTo("create");
        assertThat(e.string(Fields.EVENT_KIND)).isEqualTo("lifecycle");
        assertThat(e.string(Fields.DOCKER_EVENT_TYPE)).isEqualTo("container");
        assertThat(e.string(Fields.CONTAINER_ID)).isEqualTo(CID);
        assertThat(e.string(Fields.CONTAINER_NAME)).isEqualTo("api");
        assertThat(e.string(Fields.CONTAINER_IMAGE)).isEqualTo("shop/api:1.4");
        assertThat(e.field(Fields.CONTAINER_LABELS))
                .isEqualTo(Map.of("tier", "backend", "com.example.team", "payments"));
    }

    @Test
    void execActionsCarryTheCommand() {
        List<Event> ev = read().events();
        Event create = ev.get(1);
        assertThat(create.action()).isEqualTo("exec_create");
        assertThat(create.string(Fields.EVENT_KIND)).isEqualTo("exec");
        assertThat(create.string(Fields.PROCESS_COMMAND_LINE)).isEqualTo("netstat -tuln");
        assertThat(create.field(Fields.PROCESS_ARGS)).isEqualTo(List.of("netstat", "-tuln"));
        assertThat(create.string(Fields.PROCESS_NAME)).isEqualTo("netstat");
        assertThat(create.string(Fields.DOCKER_EXEC_ID)).isEqualTo(EXEC);
        assertThat(create.field(Fields.CONTAINER_LABELS)).isEqualTo(Map.of("tier", "backend", "com.example.team", "payments"));
        Event start = ev.get(2);
        assertThat(start.action()).isEqualTo("exec_start");
        assertThat(start.field(Fields.PROCESS_ARGS)).isEqualTo(List.of("sh", "-c", "id"));
        Event die = ev.get(3);
        assertThat(die.action()).isEqualTo("exec_die");
        assertThat(die.field(Fields.CONTAINER_EXIT_CODE)).isEqualTo(0L);
        assertThat(die.field(Fields.PROCESS_ARGS)).isNull();
    }

    @Test
    void otherTypesAndShapes() {
        List<Event> ev = read().events();
        assertThat(ev.get(4).field(Fields.CONTAINER_EXIT_CODE)).isEqualTo(137L);
        Event net = ev.get(5);
        assertThat(net.string(Fields.EVENT_KIND)).isEqualTo("network");
        assertThat(net.action()).isEqualTo("connect");
        assertThat(net.string(Fields.CONTAINER_ID)).isEqualTo(CID);
        assertThat(net.string(Fields.CONTAINER_NAME)).isNull(); // "name" is the network's
        Event pull = ev.get(6);
        assertThat(pull.string(Fields.EVENT_KIND)).isEqualTo("image");
        assertThat(pull.string(Fields.CONTAINER_IMAGE)).isEqualTo("alpine:3.19");
        assertThat(pull.timeNanos()).isEqualTo(T + 6_000_000_000L); // from "time" in seconds
        assertThat(ev.get(7).action()).isEqualTo("health_status");
        Event vol = ev.get(8);
        assertThat(vol.string(Fields.EVENT_KIND)).isEqualTo("volume");
        assertThat(vol.string(Fields.CONTAINER_ID)).isEqualTo(CID);
        Event oldest = ev.get(9);
        assertThat(oldest.action()).isEqualTo("start");
        assertThat(oldest.string(Fields.DOCKER_EVENT_TYPE)).isEqualTo("container");
        assertThat(oldest.string(Fields.CONTAINER_IMAGE)).isEqualTo("busybox");
        assertThat(oldest.string(Fields.CONTAINER_ID)).isEqualTo(CID);
        Event resize = ev.get(10);
        assertThat(resize.field(Fields.CONTAINER_LABELS)).isEqualTo(Map.of("tier", "backend", "com.example.team", "payments"));
    }

    @Test
    void sniff() {
        assertThat(reader.sniff(ReaderHarness.head(DockerEventsReaderTest.class, "events.jsonl"))).isGreaterThanOrEqualTo(90);
        assertThat(reader.sniff(ReaderHarness.headOf("{\"status\":\"start\",\"id\":\"abc\",\"from\":\"x\",\"time\":1}")))
                .isGreaterThan(0);
        assertThat(reader.sniff(ReaderHarness.headOf("{\"kind\":\"Event\",\"verb\":\"get\"}"))).isZero();
        assertThat(reader.sniff(ReaderHarness.headOf("time=\"x\" level=info msg=\"Action\""))).isZero();
    }
}
