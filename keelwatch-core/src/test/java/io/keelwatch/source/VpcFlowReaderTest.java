package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.event.Fields;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VpcFlowReaderTest {
    private final VpcFlowReader reader = new VpcFlowReader();

    @Test
    void defaultFormatRecordsAndRejections() {
        ReaderHarness.Result r = ReaderHarness.readFixture(reader, VpcFlowReaderTest.class, "default.log");
        assertThat(r.events()).extracting(e -> e.origin().line()).containsExactly(1L, 2L, 3L, 5L, 9L);
        assertThat(r.rejections()).extracting(x -> x.origin().line()).containsExactly(6L, 7L, 8L);
        assertThat(r.rejections()).allSatisfy(x -> assertThat(x.origin().file()).endsWith("default.log"));
        assertThat(r.reasons().get(0)).contains("14 fields of the default format (found 9)");
        assertThat(r.reasons().get(1)).isEqualTo("dstaddr: not an IP address 'not-an-address'");
        assertThat(r.reasons().get(2)).isEqualTo("dstport: port out of range 99999");
        assertThat(r.events()).allSatisfy(e -> assertThat(e.string(Fields.EVENT_KIND)).isEqualTo("flow"));
        assertThat(r.events()).extracting(Event::action).containsExactly("accept", "reject", "nodata", "skipdata", "accept");
    }

    @Test
    void acceptedFlowFields() {
        List<Event> ev = ReaderHarness.readFixture(reader, VpcFlowReaderTest.class, "default.log").events();
        Event e = ev.get(0);
        assertThat(e.timeNanos()).isEqualTo(1_772_359_200L * 1_000_000_000L);
        assertThat(e.field(Fields.EVENT_DURATION)).isEqualTo(60_000_000_000L);
        assertThat(e.string(Fields.SOURCE_IP)).isEqualTo("10.0.1.15");
        assertThat(e.field(Fields.SOURCE_PORT)).isEqualTo(44321L);
        assertThat(e.string(Fields.DEST_IP)).isEqualTo("10.0.2.20");
        assertThat(e.field(Fields.DEST_PORT)).isEqualTo(5432L);
        assertThat(e.string(Fields.NETWORK_TRANSPORT)).isEqualTo("tcp");
        assertThat(e.field(Fields.NETWORK_PACKETS)).isEqualTo(12L);
        assertThat(e.field(Fields.NETWORK_BYTES)).isEqualTo(3412L);
        assertThat(e.string(Fields.NETWORK_STATE)).isEqualTo("established");
        assertThat(FieldPath.parse("interface-id").first(e)).isEqualTo("eni-0a1b2c3d4e5f60718");
        assertThat(FieldPath.parse("account-id").first(e)).isEqualTo("123456789012");
        assertThat(ev.get(1).string(Fields.NETWORK_STATE)).isEqualTo("rejected");
        assertThat(ev.get(4).string(Fields.NETWORK_TRANSPORT)).isEqualTo("ipv6-icmp");
        assertThat(ev.get(4).string(Fields.SOURCE_IP)).isEqualTo("2001:db8::10");
    }

    @Test
    void nodataRecordsAreEventsWithTheirWindow() {
        Event e = ReaderHarness.readFixture(reader, VpcFlowReaderTest.class, "default.log").events().get(2);
        assertThat(e.action()).isEqualTo("nodata");
        assertThat(e.timeNanos()).isEqualTo(1_772_359_260L * 1_000_000_000L);
        assertThat(e.fields()).doesNotContainKeys(Fields.SOURCE_IP, Fields.NETWORK_STATE, Fields.NETWORK_TRANSPORT);
    }

    @Test
    void customFormatsFollowTheirHeaderEvenWhenItChanges() {
        ReaderHarness.Result r = ReaderHarness.readFixture(reader, VpcFlowReaderTest.class, "custom.log");
        assertThat(r.events()).extracting(e -> e.origin().line()).containsExactly(2L, 5L);
        assertThat(r.reasons()).containsExactly("column protocol: not a whole number 'six'");
        assertThat(r.rejections().get(0).origin().line()).isEqualTo(3L);
        Event e = r.events().get(0);
        assertThat(e.string(Fields.NETWORK_DIRECTION)).isEqualTo("egress");
        assertThat(e.string(Fields.CONTAINER_ID)).isEqualTo("3f1c2b9a8e7d6c5b4a3f2e1d0c9b8a7f");
        assertThat(e.field(Fields.DEST_PORT)).isEqualTo(443L);
        assertThat(FieldPath.parse("tcp-flags").first(e)).isEqualTo(19L);
        Event noStart = r.events().get(1);
        assertThat(noStart.timeNanos()).isZero();
        assertThat(noStart.field(Fields.EVENT_TIME_ESTIMATED)).isEqualTo(true);
        assertThat(noStart.string(Fields.NETWORK_TRANSPORT)).isEqualTo("udp");
        assertThat(noStart.string(Fields.NETWORK_STATE)).isEqualTo("rejected");
    }

    @Test
    void sniff() {
        for (String f : List.of("default.log", "custom.log")) {
            assertThat(Sources.defaults().detect(ReaderHarness.head(VpcFlowReaderTest.class, f)))
                    .map(SourceReader::type).contains(VpcFlowReader.TYPE);
        }
        assertThat(reader.sniff(ReaderHarness.headOf("version of the program is 3\nit runs well\n"))).isZero();
        for (String other : SniffSamples.OTHERS) {
            assertThat(reader.sniff(ReaderHarness.headOf(other))).as(other).isZero();
        }
    }
}
