package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Times;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ZeekConnReaderTest {
    private final ZeekConnReader reader = new ZeekConnReader();

    private ReaderHarness.Result tsv() {
        return ReaderHarness.readFixture(reader, ZeekConnReaderTest.class, "conn.log");
    }

    private ReaderHarness.Result json() {
        return ReaderHarness.readFixture(reader, ZeekConnReaderTest.class, "conn.json");
    }

    @Test
    void tsvRecordsAreReadAndBadOnesRejectedWithTheColumn() {
        ReaderHarness.Result r = tsv();
        assertThat(r.events()).extracting(e -> e.origin().line()).containsExactly(9L, 10L, 11L, 25L, 26L);
        assertThat(r.rejections()).extracting(x -> x.origin().line()).containsExactly(12L, 13L, 14L, 15L);
        assertThat(r.rejections()).allSatisfy(x -> assertThat(x.origin().file()).endsWith("conn.log"));
        assertThat(r.reasons()).containsExactly(
                "expected 20 columns (as the header names), found 5",
                "column id.orig_p: not a whole number 'http'",
                "ts is masked ('XXXXXXXXXX.XXXXXX'): the record has no time",
                "column local_orig: not a bool (T/F) 'maybe'");
        assertThat(r.events()).allSatisfy(e -> {
            assertThat(e.string(Fields.EVENT_KIND)).isEqualTo("flow");
            assertThat(e.action()).isEqualTo("connection");
        });
    }

    @Test
    void tsvFieldsAreNormalizedAndTimesExact() {
        Event e = tsv().events().get(0);
        assertThat(e.timeNanos()).isEqualTo(1_772_359_200_000_001_000L);
        assertThat(e.string(Fields.SOURCE_IP)).isEqualTo("172.19.0.5");
        assertThat(e.field(Fields.SOURCE_PORT)).isEqualTo(50526L);
        assertThat(e.string(Fields.DEST_IP)).isEqualTo("172.19.0.3");
        assertThat(e.field(Fields.DEST_PORT)).isEqualTo(5432L);
        assertThat(e.string(Fields.NETWORK_TRANSPORT)).isEqualTo("tcp");
        assertThat(e.field(Fields.NETWORK_BYTES)).isEqualTo(764L);
        assertThat(e.field(Fields.NETWORK_PACKETS)).isEqualTo(10L);
        assertThat(e.field(Fields.EVENT_DURATION)).isEqualTo(935_000L);
        assertThat(e.string(Fields.NETWORK_STATE)).isEqualTo("established");
        assertThat(FieldPath.parse("conn_state").first(e)).isEqualTo("SF");
        assertThat(FieldPath.parse("local_orig").first(e)).isEqualTo(true);
        assertThat(FieldPath.parse("tunnel_parents").values(e)).isEmpty();
    }

    @Test
    void unsetAndSetValues() {
        List<Event> ev = tsv().events();
        Event rej = ev.get(1);
        assertThat(rej.string(Fields.NETWORK_STATE)).isEqualTo("rejected");
        assertThat(rej.fields()).doesNotContainKey(Fields.EVENT_DURATION);
        assertThat(rej.raw().has("service")).isFalse();
        Event s0 = ev.get(2);
        assertThat(s0.string(Fields.NETWORK_STATE)).isEqualTo("unanswered");
        assertThat(FieldPath.parse("tunnel_parents").values(s0)).containsExactly("Cpar1", "Cpar2");
        assertThat(s0.string(Fields.SOURCE_IP)).isEqualTo("fe80::1");
    }

    @Test
    void headerStartingAgainAfterCloseChangesTheColumns() {
        List<Event> ev = tsv().events();
        Event a = ev.get(3);
        assertThat(a.timeNanos()).isEqualTo(1_772_362_800_250_000_000L);
        assertThat(a.string(Fields.NETWORK_STATE)).isEqualTo("established");   // RSTR
        assertThat(a.field(Fields.NETWORK_BYTES)).isEqualTo(2100L);            // payload bytes when no IP bytes
        assertThat(a.field(Fields.EVENT_DURATION)).isEqualTo(1_500_000_000L);
        assertThat(FieldPath.parse("_system_name").first(a)).isEqualTo("sensor-a");
        assertThat(ev.get(4).string(Fields.NETWORK_STATE)).isEqualTo("other");  // SH
    }

    @Test
    void jsonLinesAreReadWithoutFloatingPointLoss() {
        ReaderHarness.Result r = json();
        assertThat(r.events()).extracting(e -> e.origin().line()).containsExactly(1L, 2L, 8L);
        assertThat(r.rejections()).extracting(x -> x.origin().line()).containsExactly(3L, 4L, 5L, 6L);
        assertThat(r.reasons().get(0)).isEqualTo("not a conn record (_path dns)");
        assertThat(r.reasons().get(1)).startsWith("malformed JSON");
        assertThat(r.reasons().get(2)).isEqualTo("no ts: the record has no time");
        assertThat(r.reasons().get(3)).isEqualTo("id.orig_p: not a number 'eighty'");
        List<Event> ev = r.events();
        assertThat(ev.get(0).timeNanos()).isEqualTo(1_795_443_415_675_377_000L);
        assertThat(ev.get(0).field(Fields.NETWORK_BYTES)).isEqualTo(764L);
        assertThat(ev.get(1).timeNanos()).isEqualTo(Times.parse("2026-03-01T10:00:00.123456Z"));
        assertThat(ev.get(1).field(Fields.NETWORK_PACKETS)).isEqualTo(1L);
        assertThat(ev.get(2).timeNanos()).isEqualTo(1_795_443_419_999_999_999L);
        assertThat(ev.get(2).string(Fields.NETWORK_TRANSPORT)).isEqualTo("tcp");
        assertThat(ev.get(2).string(Fields.NETWORK_STATE)).isEqualTo("other");
        assertThat(FieldPath.parse("id.orig_h").first(ev.get(0))).isEqualTo("172.19.0.5");
    }

    @ParameterizedTest
    @CsvSource({"SF,established", "S1,established", "S2,established", "S3,established", "RSTO,established",
            "RSTR,established", "REJ,rejected", "S0,unanswered", "OTH,other", "SH,other", "SHR,other",
            "RSTOS0,other", "RSTRH,other"})
    void connStateMapping(String connState, String state) {
        assertThat(ZeekConnReader.state(connState)).isEqualTo(state);
    }

    @Test
    void dataBeforeAnyHeaderIsRejected() {
        ReaderHarness.Result r = ReaderHarness.read(reader, "x.log", "1700000000.0\tC1\t10.0.0.1\n");
        assertThat(r.events()).isEmpty();
        assertThat(r.reasons()).containsExactly("data line before any #fields header");
    }

    @Test
    void sniff() {
        for (String f : List.of("conn.log", "conn.json")) {
            assertThat(Sources.defaults().detect(ReaderHarness.head(ZeekConnReaderTest.class, f)))
                    .map(SourceReader::type).contains(ZeekConnReader.TYPE);
        }
        assertThat(reader.sniff(ReaderHarness.headOf("#separator \\x09\n#path\tdns\n#fields\tts\tuid\tquery\n"))).isZero();
        for (String other : SniffSamples.OTHERS) {
            assertThat(reader.sniff(ReaderHarness.headOf(other))).as(other).isZero();
        }
    }
}
