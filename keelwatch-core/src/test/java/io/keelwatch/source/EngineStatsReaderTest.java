package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Times;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EngineStatsReaderTest {
    private final EngineStatsReader reader = new EngineStatsReader();

    private ReaderHarness.Result read() {
        return ReaderHarness.readFixture(reader, EngineStatsReaderTest.class, "stats.jsonl");
    }

    @Test
    void readsGoodLinesAndRejectsBadOnes() {
        ReaderHarness.Result r = read();
        assertThat(r.events()).hasSize(4);
        assertThat(r.rejections()).extracting(x -> x.origin().line()).containsExactly(4L, 5L, 6L, 7L);
        assertThat(r.rejections()).allSatisfy(x -> assertThat(x.origin().file()).endsWith("stats.jsonl"));
        assertThat(r.reasons().get(0)).startsWith("malformed JSON");
        assertThat(r.reasons().get(1)).contains("not an Engine API stats record");
        assertThat(r.reasons().get(2)).contains("unreadable time 'yesterday'");
        assertThat(r.reasons().get(3)).startsWith("usage: expected a number");
        assertThat(r.events()).allSatisfy(e -> {
            assertThat(e.string(Fields.EVENT_KIND)).isEqualTo("metric");
            assertThat(e.action()).isEqualTo("stats");
        });
    }

    @Test
    void cpuPercentFromDeltasMemoryWithoutCacheNetworksSummed() {
        Event e = read().events().get(0);
        assertThat(e.timeNanos()).isEqualTo(Times.parse("2026-01-05T10:00:01.25Z"));
        assertThat((Double) e.field(Fields.CONTAINER_CPU_PCT)).isCloseTo(20.0, within(1e-9));
        assertThat(e.field(Fields.CONTAINER_MEMORY_BYTES)).isEqualTo(104_857_600L - 4_194_304L);
        assertThat(e.field(Fields.CONTAINER_MEMORY_LIMIT)).isEqualTo(1_073_741_824L);
        assertThat((Double) e.field(Fields.CONTAINER_MEMORY_PCT)).isCloseTo(9.375, within(1e-9));
        assertThat(e.field(Fields.CONTAINER_NET_RX)).isEqualTo(1500L);
        assertThat(e.field(Fields.CONTAINER_NET_TX)).isEqualTo(2000L);
        assertThat(e.field(Fields.CONTAINER_PIDS)).isEqualTo(5L);
        assertThat(e.string(Fields.CONTAINER_NAME)).isEqualTo("web");
        assertThat(e.string(Fields.CONTAINER_ID)).startsWith("0123456789ab");
    }

    @Test
    void firstSampleHasNoCpuPercentAndCgroupV1CacheIsLeftOut() {
        Event e = read().events().get(1);
        assertThat(e.fields()).doesNotContainKey(Fields.CONTAINER_CPU_PCT);
        assertThat(e.field(Fields.CONTAINER_MEMORY_BYTES)).isEqualTo(1024L);   // usage - total_inactive_file
        assertThat(e.field(Fields.CONTAINER_MEMORY_PCT)).isEqualTo(25.0);
    }

    @Test
    void zeroReadTimeOfAStoppedContainerIsMarkedEstimated() {
        Event e = read().events().get(2);
        assertThat(e.timeNanos()).isZero();
        assertThat(e.field(Fields.EVENT_TIME_ESTIMATED)).isEqualTo(true);
        assertThat(e.string(Fields.CONTAINER_NAME)).isEqualTo("stopped");
    }

    @Test
    void onlineCpusWinAndZeroLimitGivesNoPercent() {
        Event e = read().events().get(3);
        assertThat((Double) e.field(Fields.CONTAINER_CPU_PCT)).isCloseTo(40.0, within(1e-9));
        assertThat(e.field(Fields.CONTAINER_MEMORY_BYTES)).isEqualTo(900L);
        assertThat(e.fields()).doesNotContainKey(Fields.CONTAINER_MEMORY_PCT);
    }

    @Test
    void prettyDocumentUsesPercpuLength() {
        ReaderHarness.Result r = ReaderHarness.readFixture(reader, EngineStatsReaderTest.class, "pretty.json");
        Event e = r.only();
        assertThat((Double) e.field(Fields.CONTAINER_CPU_PCT)).isCloseTo(20.0, within(1e-9));
        assertThat(e.field(Fields.CONTAINER_MEMORY_BYTES)).isEqualTo(52_428_800L - 2_097_152L);
        assertThat(e.field(Fields.CONTAINER_MEMORY_PCT)).isEqualTo(48.0);
        assertThat(e.string(Fields.CONTAINER_NAME)).isEqualTo("db");
    }

    @Test
    void sniff() {
        for (String f : List.of("stats.jsonl", "pretty.json")) {
            assertThat(Sources.defaults().detect(ReaderHarness.head(EngineStatsReaderTest.class, f)))
                    .map(SourceReader::type).contains(EngineStatsReader.TYPE);
        }
        for (String other : SniffSamples.OTHERS) {
            assertThat(reader.sniff(ReaderHarness.headOf(other))).as(other).isZero();
        }
    }
}
