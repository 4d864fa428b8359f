package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.event.Fields;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConntrackReaderTest {
    private final ConntrackReader reader = new ConntrackReader();

    private ReaderHarness.Result events() {
        return ReaderHarness.readFixture(reader, ConntrackReaderTest.class, "events.txt");
    }

    @Test
    void eventLinesAreReadAndBadOnesRejected() {
        ReaderHarness.Result r = events();
        assertThat(r.events()).extracting(e -> e.origin().line()).containsExactly(1L, 2L, 3L, 4L, 5L, 10L);
        assertThat(r.rejections()).extracting(x -> x.origin().line()).containsExactly(7L, 8L, 9L);
        assertThat(r.rejections()).allSatisfy(x -> assertThat(x.origin().file()).endsWith("events.txt"));
        assertThat(r.reasons()).containsExactly(
                "no original tuple (src= and dst=)",
                "expected a protocol name and number, found 'hello'",
                "sport: port out of range '99999'");
        assertThat(r.events()).extracting(Event::action)
                .containsExactly("new", "update", "destroy", "new", "update", "new");
        assertThat(r.events()).allSatisfy(e -> {
            assertThat(e.string(Fields.EVENT_KIND)).isEqualTo("flow");
            assertThat(e.fields()).doesNotContainKey(Fields.EVENT_TIME_ESTIMATED);
        });
    }

    @Test
    void originalTupleGivesTheEndsAndUnrepliedIsUnanswered() {
        Event e = events().events().get(0);
        assertThat(e.timeNanos()).isEqualTo(1_772_359_200_123_456_000L);
        assertThat(e.string(Fields.SOURCE_IP)).isEqualTo("172.19.0.5");
        assertThat(e.field(Fields.SOURCE_PORT)).isEqualTo(50526L);
        assertThat(e.string(Fields.DEST_IP)).isEqualTo("172.19.0.3");
        assertThat(e.field(Fields.DEST_PORT)).isEqualTo(5432L);
        assertThat(e.string(Fields.NETWORK_TRANSPORT)).isEqualTo("tcp");
        assertThat(e.string(Fields.NETWORK_STATE)).isEqualTo("unanswered");
        assertThat(FieldPath.parse("state").first(e)).isEqualTo("SYN_SENT");
        assertThat(FieldPath.parse("reply.src").first(e)).isEqualTo("172.19.0.3");
        assertThat(FieldPath.parse("l3proto").first(e)).isEqualTo("ipv4");
        assertThat(FieldPath.parse("zone").first(e)).isEqualTo("1");
    }

    @Test
    void statesCountersAndMetaKeys() {
        List<Event> ev = events().events();
        assertThat(ev.get(1).string(Fields.NETWORK_STATE)).isEqualTo("established");
        assertThat(FieldPath.parse("id").first(ev.get(1))).isEqualTo("3141592653");
        Event destroy = ev.get(2);
        assertThat(destroy.field(Fields.NETWORK_PACKETS)).isEqualTo(10L);
        assertThat(destroy.field(Fields.NETWORK_BYTES)).isEqualTo(764L);
        assertThat(destroy.string(Fields.NETWORK_STATE)).isEqualTo("established");
        assertThat(FieldPath.parse("flags").values(destroy)).containsExactly("ASSURED");
        Event icmp = ev.get(3);
        assertThat(icmp.string(Fields.NETWORK_TRANSPORT)).isEqualTo("icmp");
        assertThat(FieldPath.parse("original.id").first(icmp)).isEqualTo(4242L);
        assertThat(FieldPath.parse("id").first(icmp)).isEqualTo("2718281828");
        assertThat(icmp.fields()).doesNotContainKey(Fields.SOURCE_PORT);
        assertThat(ev.get(4).string(Fields.NETWORK_STATE)).isEqualTo("rejected");   // CLOSE, never assured
        assertThat(ev.get(5).string(Fields.SOURCE_IP)).isEqualTo("2001:db8::1");
        assertThat(ev.get(5).string(Fields.NETWORK_STATE)).isEqualTo("unanswered");
    }

    @Test
    void listingLinesHaveNoTimeAndAreMarkedEstimated() {
        ReaderHarness.Result r = ReaderHarness.readFixture(reader, ConntrackReaderTest.class, "list.txt");
        assertThat(r.rejections()).isEmpty();
        assertThat(r.events()).hasSize(3).allSatisfy(e -> {
            assertThat(e.timeNanos()).isZero();
            assertThat(e.field(Fields.EVENT_TIME_ESTIMATED)).isEqualTo(true);
            assertThat(e.action()).isEqualTo("list");
        });
        assertThat(r.events()).extracting(e -> e.string(Fields.NETWORK_STATE))
                .containsExactly("established", "unanswered", "other");
        assertThat(r.events().get(0).field(Fields.DEST_PORT)).isEqualTo(6379L);
    }

    @Test
    void sniff() {
        for (String f : List.of("events.txt", "list.txt")) {
            assertThat(Sources.defaults().detect(ReaderHarness.head(ConntrackReaderTest.class, f)))
                    .map(SourceReader::type).contains(ConntrackReader.TYPE);
        }
        for (String other : SniffSamples.OTHERS) {
            assertThat(reader.sniff(ReaderHarness.headOf(other))).as(other).isZero();
        }
    }
}
