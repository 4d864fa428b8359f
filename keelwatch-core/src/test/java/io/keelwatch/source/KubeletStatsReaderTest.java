package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Times;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KubeletStatsReaderTest {
    private final KubeletStatsReader reader = new KubeletStatsReader();

    @Test
    void oneEventPerContainerOfEachPod() {
        ReaderHarness.Result r = ReaderHarness.readFixture(reader, KubeletStatsReaderTest.class, "summary.json");
        assertThat(r.rejections()).isEmpty();
        List<Event> ev = r.events();
        assertThat(ev).extracting(e -> e.string(Fields.CONTAINER_NAME)).containsExactly("nginx", "sidecar", "xmrig");
        assertThat(ev).allSatisfy(e -> {
            assertThat(e.string(Fields.HOST_NAME)).isEqualTo("worker-1");
            assertThat(e.string(Fields.ORCH_RESOURCE_TYPE)).isEqualTo("pod");
            assertThat(e.string(Fields.EVENT_KIND)).isEqualTo("metric");
            assertThat(e.action()).isEqualTo("stats");
        });
        Event nginx = ev.get(0);
        assertThat(nginx.string(Fields.ORCH_NAMESPACE)).isEqualTo("shop");
        assertThat(nginx.string(Fields.ORCH_RESOURCE_NAME)).isEqualTo("web-7d9f8");
        assertThat(nginx.field(Fields.CONTAINER_CPU_NANOCORES)).isEqualTo(12_500_000L);
        assertThat(nginx.field(Fields.CONTAINER_CPU_PCT)).isEqualTo(1.25);
        assertThat(nginx.field(Fields.CONTAINER_MEMORY_BYTES)).isEqualTo(20_971_520L);
        assertThat(nginx.timeNanos()).isEqualTo(Times.parse("2026-02-01T12:00:10Z"));
        assertThat(ev.get(1).field(Fields.CONTAINER_CPU_PCT)).isEqualTo(200.0);
        assertThat(ev.get(1).timeNanos()).isEqualTo(Times.parse("2026-02-01T12:00:11Z"));
        assertThat(ev).extracting(e -> e.origin().item()).containsExactly(0, 1, 2);
    }

    @Test
    void containerWithoutCpuTakesMemoryTime() {
        Event xmrig = ReaderHarness.readFixture(reader, KubeletStatsReaderTest.class, "summary.json").events().get(2);
        assertThat(xmrig.string(Fields.ORCH_NAMESPACE)).isEqualTo("default");
        assertThat(xmrig.fields()).doesNotContainKeys(Fields.CONTAINER_CPU_PCT, Fields.CONTAINER_CPU_NANOCORES);
        assertThat(xmrig.timeNanos()).isEqualTo(Times.parse("2026-02-01T12:00:10Z"));
    }

    @Test
    void rawKeepsTheNativeShapeWithOnlyThisContainer() {
        Event sidecar = ReaderHarness.readFixture(reader, KubeletStatsReaderTest.class, "summary.json").events().get(1);
        assertThat(FieldPath.parse("pods.containers.name").values(sidecar)).containsExactly("sidecar");
        assertThat(FieldPath.parse("pods.podRef.name").first(sidecar)).isEqualTo("web-7d9f8");
        assertThat(FieldPath.parse("pods.containers.memory.rssBytes").first(sidecar)).isEqualTo(1_048_566L);
        assertThat(FieldPath.parse("node.nodeName").first(sidecar)).isEqualTo("worker-1");
    }

    @Test
    void badContainersAndDocumentsAreRejectedTheRestIsRead() {
        ReaderHarness.Result r = ReaderHarness.readFixture(reader, KubeletStatsReaderTest.class, "summaries.jsonl");
        assertThat(r.events()).extracting(e -> e.origin().line()).containsExactly(1L, 1L, 1L, 2L);
        assertThat(r.rejections()).extracting(x -> x.origin().toString().replaceAll(".*/", ""))
                .containsExactly("summaries.jsonl:2#1", "summaries.jsonl:2#2", "summaries.jsonl:2#3",
                        "summaries.jsonl:3", "summaries.jsonl:4");
        assertThat(r.reasons().get(0)).startsWith("usageNanoCores: expected a number");
        assertThat(r.reasons().get(1)).contains("unreadable time 'not a time'");
        assertThat(r.reasons().get(2)).contains("expected a pod object");
        assertThat(r.reasons().get(3)).startsWith("malformed JSON");
        assertThat(r.reasons().get(4)).contains("not a kubelet stats summary");
    }

    @Test
    void sniff() {
        for (String f : List.of("summary.json", "summaries.jsonl")) {
            assertThat(Sources.defaults().detect(ReaderHarness.head(KubeletStatsReaderTest.class, f)))
                    .map(SourceReader::type).contains(KubeletStatsReader.TYPE);
        }
        for (String other : SniffSamples.OTHERS) {
            assertThat(reader.sniff(ReaderHarness.headOf(other))).as(other).isZero();
        }
    }
}
