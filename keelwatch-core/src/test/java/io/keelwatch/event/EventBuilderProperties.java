package io.keelwatch.event;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Events share the names of their fields with events of the same layout; each still has exactly its own fields. */
class EventBuilderProperties {
    private static final List<String> NAMES = List.of(Fields.EVENT_ACTION, Fields.ORCH_VERB, Fields.USER_NAME,
            Fields.ORCH_NAMESPACE, Fields.CONTAINER_NAME, Fields.HTTP_STATUS, "custom.a", "custom.b", "custom.c");

    /** Many layouts (subsets and orders of the names) built one after another, from one thread and interleaved. */
    @Property(tries = 200)
    void everyEventHasExactlyTheFieldsPutInOrder(@ForAll @Size(min = 1, max = 60) List<@Size(max = 9)
            List<@IntRange(min = 0, max = 8) Integer>> layouts) {
        List<Event> built = new java.util.ArrayList<>();
        List<Map<String, Object>> expected = new java.util.ArrayList<>();
        int n = 0;
        for (List<Integer> layout : layouts) {
            EventBuilder b = Event.builder("test");
            Map<String, Object> want = new LinkedHashMap<>();
            for (int k : layout) {
                String value = "v" + n++;
                b.put(NAMES.get(k), value);
                want.put(NAMES.get(k), value);      // a name put again keeps its place, takes the new value
            }
            built.add(b.build());
            expected.add(want);
        }
        for (int i = 0; i < built.size(); i++) {
            Event e = built.get(i);
            assertThat(List.copyOf(e.fields().entrySet())).isEqualTo(List.copyOf(expected.get(i).entrySet()));
            for (String name : NAMES) {
                assertThat(e.field(name)).isEqualTo(expected.get(i).get(name));
            }
        }
    }
}
