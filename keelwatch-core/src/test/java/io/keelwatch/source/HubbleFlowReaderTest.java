package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Times;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HubbleFlowReaderTest {
    private final HubbleFlowReader reader = new HubbleFlowReader();

    private ReaderHarness.Result read() {
        return ReaderHarness.readFixture(reader, HubbleFlowReaderTest.class, "flows.jsonl");
    }

    @Test
    void readsFlowsAndRejectsBadLines() {
        ReaderHarness.Result r = read();
        assertThat(r.events()).extracting(e -> e.origin().line()).containsExactly(1L, 2L, 3L, 4L, 8L);
        assertThat(r.rejections()).extracting(x -> x.origin().line()).containsExactly(5L, 6L, 7L, 9L);
        assertThat(r.rejections()).allSatisfy(x -> assertThat(x.origin().file()).endsWith("flows.jsonl"));
        assertThat(r.reasons().get(0)).startsWith("malformed JSON");
        assertThat(r.reasons().get(1)).isEqualTo("not a Hubble flow record (no flow object)");
        assertThat(r.reasons().get(2)).startsWith("no time");
        assertThat(r.reasons().get(3)).startsWith("l4 source_port: not a port");
        assertThat(r.events()).allSatisfy(e -> assertThat(e.action()).isNotNull());
    }

    @Test
    void forwardedFlowBetweenPods() {
        Event e = read().events().get(0);
        assertThat(e.timeNanos()).isEqualTo(Times.parse("2026-04-01T08:00:00.123456789Z"));
        assertThat(e.string(Fields.EVENT_KIND)).isEqualTo("flow");
        assertThat(e.action()).isEqualTo("forwarded");
        assertThat(e.string(Fields.NETWORK_STATE)).isEqualTo("established");
        assertThat(e.string(Fields.SOURCE_IP)).isEqualTo("10.244.1.5");
        assertThat(e.field(Fields.SOURCE_PORT)).isEqualTo(41000L);
        assertThat(e.string(Fields.DEST_IP)).isEqualTo("10.244.2.7");
        assertThat(e.field(Fields.DEST_PORT)).isEqualTo(5432L);
        assertThat(e.string(Fields.NETWORK_TRANSPORT)).isEqualTo("tcp");
        assertThat(e.string(Fields.ORCH_NAMESPACE)).isEqualTo("shop");
        assertThat(e.string(Fields.ORCH_RESOURCE_TYPE)).isEqualTo("pod");
        assertThat(e.string(Fields.ORCH_RESOURCE_NAME)).isEqualTo("api-6f7c9-abcde");
        assertThat(e.string(Fields.DEST_ORCH_NAMESPACE)).isEqualTo("data");
        assertThat(e.string(Fields.DEST_ORCH_RESOURCE_NAME)).isEqualTo("postgres-0");
        assertThat(e.string(Fields.HOST_NAME)).isEqualTo("node-a");
        assertThat(e.string(Fields.NETWORK_DIRECTION)).isEqualTo("egress");
        assertThat(FieldPath.parse("flow.source.labels").values(e)).containsExactly("k8s:app=api");
        assertThat(FieldPath.parse("flow.source.workloads.name").first(e)).isEqualTo("api");
    }

    @Test
    void droppedFlowToTheWorld() {
        Event e = read().events().get(1);
        assertThat(e.action()).isEqualTo("dropped");
        assertThat(e.string(Fields.NETWORK_STATE)).isEqualTo("dropped");
        assertThat(e.string(Fields.NETWORK_TRANSPORT)).isEqualTo("udp");
        assertThat(e.fields()).doesNotContainKey(Fields.DEST_ORCH_RESOURCE_NAME);
        assertThat(FieldPath.parse("flow.drop_reason_desc").first(e)).isEqualTo("POLICY_DENIED");
    }

    @Test
    void bareFlowIsWrappedSoNativePathsAreTheSame() {
        Event e = read().events().get(2);
        assertThat(e.string(Fields.NETWORK_TRANSPORT)).isEqualTo("ipv6-icmp");
        assertThat(e.string(Fields.HOST_NAME)).isEqualTo("node-b");
        assertThat(FieldPath.parse("flow.verdict").first(e)).isEqualTo("FORWARDED");
        assertThat(e.string(Fields.NETWORK_DIRECTION)).isEqualTo("ingress");
    }

    @Test
    void lostEventsAreKeptVisible() {
        Event e = read().events().get(3);
        assertThat(e.action()).isEqualTo("lost_events");
        assertThat(FieldPath.parse("lost_events.num_events_lost").first(e)).isEqualTo("12");
    }

    @Test
    void l7HttpFields() {
        Event e = read().events().get(4);
        assertThat(e.string(Fields.HTTP_METHOD)).isEqualTo("POST");
        assertThat(e.string(Fields.URL_ORIGINAL)).isEqualTo("http://api/admin");
        assertThat(e.field(Fields.HTTP_STATUS)).isEqualTo(403L);
    }

    @Test
    void sniff() {
        assertThat(Sources.defaults().detect(ReaderHarness.head(HubbleFlowReaderTest.class, "flows.jsonl")))
                .map(SourceReader::type).contains(HubbleFlowReader.TYPE);
        String bare = "{\"time\":\"2026-04-01T08:00:02Z\",\"verdict\":\"FORWARDED\",\"IP\":{\"source\":\"10.0.0.1\"},"
                + "\"l4\":{},\"event_type\":{\"type\":4}}\n";
        assertThat(reader.sniff(ReaderHarness.headOf(bare))).isGreaterThanOrEqualTo(80);
        for (String other : SniffSamples.OTHERS) {
            assertThat(reader.sniff(ReaderHarness.headOf(other))).as(other).isZero();
        }
    }
}
