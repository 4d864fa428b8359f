package io.keelwatch.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.event.Event;
import io.keelwatch.event.Origin;
import io.keelwatch.event.RawText;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshot form of events: typed fields, raw documents as trees or as unparsed text, origins. */
class EventJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("event.action", "create");
        f.put("process.pid", 42L);
        f.put("host.cpu.usage", 5.0);
        f.put("user.groups", List.of("a", "b"));
        f.put("container.privileged", true);
        f.put("absent", null);
        return f;
    }

    @Test
    void anEventReadAsTextComesBackAsTheSameTextUnparsed() throws Exception {
        String text = "{\"verb\":\"create\",\"user\":{\"username\":\"jos\\u00e9 \\\"q\\\"\"},\"n\":[1,2.5,null]}";
        Event e = Event.withRawText(123L, "k8s_audit", fields(), new RawText(text, new String[]{"verb", "user", "n"}),
                new Origin("audit-webhook", 77, -1));

        Event back = EventJson.read(JSON.readTree(EventJson.write(e).toString()));

        assertThat(back.rawText()).isNotNull();
        assertThat(back.rawText().text()).isEqualTo(text);
        assertThat(back.rawText().keys()).containsExactly("verb", "user", "n");
        assertThat(back.rawMayHave("user")).isTrue();
        assertThat(back.rawMayHave("objectRef")).isFalse();
        assertThat(back.raw()).isEqualTo(JSON.readTree(text));
        assertThat(back.timeNanos()).isEqualTo(123L);
        assertThat(back.source()).isEqualTo("k8s_audit");
        assertThat(back.fields()).isEqualTo(fields());
        assertThat(back.field("process.pid")).isInstanceOf(Long.class);
        assertThat(back.field("host.cpu.usage")).isInstanceOf(Double.class);
        assertThat(back.origin()).isEqualTo(new Origin("audit-webhook", 77, -1));
    }

    @Test
    void anEventWithATreeOrNoRawDocumentKeepsIt() throws Exception {
        Event tree = new Event(5L, "docker_events", fields(), JSON.readTree("{\"Type\":\"container\"}"), null);
        Event back = EventJson.read(JSON.readTree(EventJson.write(tree).toString()));
        assertThat(back.rawText()).isNull();
        assertThat(back.raw()).isEqualTo(JSON.readTree("{\"Type\":\"container\"}"));
        assertThat(back.origin()).isNull();

        Event none = new Event(6L, "conn_log", Map.of("network.transport", "tcp"), null, null);
        Event back2 = EventJson.read(JSON.readTree(EventJson.write(none).toString()));
        assertThat(back2.raw()).isNull();
        assertThat(back2.fields()).containsEntry("network.transport", "tcp");
    }
}
