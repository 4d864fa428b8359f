package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Times;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DockerStatsReaderTest {
    private final DockerStatsReader reader = new DockerStatsReader();

    private ReaderHarness.Result read() {
        return ReaderHarness.readFixture(reader, DockerStatsReaderTest.class, "stats.jsonl");
    }

    @Test
    void readsGoodLinesAndRejectsBadOnesWithFileAndLine() {
        ReaderHarness.Result r = read();
        assertThat(r.events()).hasSize(7);
        assertThat(r.rejections()).extracting(x -> x.origin().line()).containsExactly(5L, 6L, 9L, 11L);
        assertThat(r.rejections()).allSatisfy(x -> assertThat(x.origin().file()).endsWith("stats.jsonl"));
        assertThat(r.reasons().get(0)).isEqualTo("CPUPerc: unreadable percent 'abc%'");
        assertThat(r.reasons().get(1)).startsWith("malformed JSON");
        assertThat(r.reasons().get(2)).contains("not a docker stats record");
        assertThat(r.reasons().get(3)).isEqualTo("PIDs: not a number 'x'");
        assertThat(r.events()).allSatisfy(e -> {
            assertThat(e.string(Fields.EVENT_KIND)).isEqualTo("metric");
            assertThat(e.action()).isEqualTo("stats");
            assertThat(e.raw().has("CPUPerc")).isTrue();
        });
    }

    @Test
    void percentAndSizeStringsBecomeNumbers() {
        Event e = read().events().get(0);
        assertThat(e.string(Fields.CONTAINER_ID)).isEqualTo("a1b2c3d4e5f6");
        assertThat(e.string(Fields.CONTAINER_NAME)).isEqualTo("api");
        assertThat(e.field(Fields.CONTAINER_CPU_PCT)).isEqualTo(12.5);
        assertThat(e.field(Fields.CONTAINER_MEMORY_PCT)).isEqualTo(1.07);
        assertThat(e.field(Fields.CONTAINER_MEMORY_BYTES)).isEqualTo(256L * 1024 * 1024);
        assertThat(e.field(Fields.CONTAINER_MEMORY_LIMIT)).isEqualTo(25_275_882_537L);   // 23.54 GiB
        assertThat(e.field(Fields.CONTAINER_NET_RX)).isEqualTo(3_500L);
        assertThat(e.field(Fields.CONTAINER_NET_TX)).isEqualTo(1_020_000L);
        assertThat(e.field(Fields.CONTAINER_PIDS)).isEqualTo(7L);
    }

    @Test
    void linesWithoutTimeAreMarkedEstimatedAndNumberedBySamplingRound() {
        List<Event> ev = read().events();
        assertThat(ev.subList(0, 6)).allSatisfy(e -> {
            assertThat(e.timeNanos()).isZero();
            assertThat(e.field(Fields.EVENT_TIME_ESTIMATED)).isEqualTo(true);
        });
        assertThat(ev).extracting(e -> e.field(Fields.EVENT_SEQUENCE)).containsExactly(0L, 0L, 1L, 1L, 2L, 2L, 3L);
    }

    @Test
    void escapesAreStrippedAndSeveralObjectsOnOneLineAreRead() {
        List<Event> ev = read().events();
        assertThat(ev.get(2).field(Fields.CONTAINER_CPU_PCT)).isEqualTo(97.25);
        assertThat(ev.get(4).origin().line()).isEqualTo(7L);
        assertThat(ev.get(5).origin().line()).isEqualTo(7L);
        assertThat(ev.get(5).origin().item()).isEqualTo(1);
        assertThat(ev.get(5).string(Fields.CONTAINER_NAME)).isEqualTo("cache");
    }

    @Test
    void placeholdersOfAStoppedContainerGiveNoNumbers() {
        Event gone = read().events().get(3);
        assertThat(gone.string(Fields.CONTAINER_NAME)).isEqualTo("gone");
        assertThat(gone.fields()).doesNotContainKeys(Fields.CONTAINER_CPU_PCT, Fields.CONTAINER_MEMORY_BYTES,
                Fields.CONTAINER_PIDS, Fields.CONTAINER_NET_RX);
    }

    @Test
    void aTimeWrittenBeforeTheObjectIsUsed() {
        Event e = read().events().get(6);
        assertThat(e.timeNanos()).isEqualTo(Times.parse("2026-01-02T03:04:05.5Z"));
        assertThat(e.fields()).doesNotContainKey(Fields.EVENT_TIME_ESTIMATED);
        assertThat(e.field(Fields.CONTAINER_MEMORY_BYTES)).isEqualTo(1_000_000_000L);
    }

    @Test
    void aTimeMemberIsUsed() {
        ReaderHarness.Result r = ReaderHarness.read(reader, "t", "{\"CPUPerc\":\"1%\",\"Name\":\"x\","
                + "\"MemUsage\":\"1B / 2B\",\"time\":\"2026-03-01T00:00:00Z\"}\n");
        assertThat(r.only().timeNanos()).isEqualTo(Times.parse("2026-03-01T00:00:00Z"));
    }

    @Test
    void sniffTakesStatsLinesOnly() {
        assertThat(reader.sniff(ReaderHarness.head(DockerStatsReaderTest.class, "stats.jsonl"))).isGreaterThanOrEqualTo(90);
        assertThat(Sources.defaults().detect(ReaderHarness.head(DockerStatsReaderTest.class, "stats.jsonl")))
                .map(SourceReader::type).contains(DockerStatsReader.TYPE);
        for (String other : SniffSamples.OTHERS) {
            assertThat(reader.sniff(ReaderHarness.headOf(other))).as(other).isZero();
        }
    }
}
