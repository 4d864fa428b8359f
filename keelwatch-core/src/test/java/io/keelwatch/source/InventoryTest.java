package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Fields;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class InventoryTest {
    private static final String WEB = "e5957cb9f5b5598f14760b54bf2127d7e4ac947c8050e3dad29a2c0dbf5e0619";
    private static final String DB = "cb4dd89e4b1d727174a7e253d6285bafe040b25a9618f9327eeba19fc0daa915";

    private static EventBuilder ev(String source, String kind, String action) {
        return Event.builder(source).time(1).put(Fields.EVENT_KIND, kind).put(Fields.EVENT_ACTION, action);
    }

    private static Event inspect(String id, String name, String image, Map<String, String> labels, String... ips) {
        return ev("docker_inspect", "inventory", "inventory").put(Fields.CONTAINER_ID, id)
                .put(Fields.CONTAINER_NAME, name).put(Fields.CONTAINER_IMAGE, image)
                .put(Fields.CONTAINER_LABELS, labels).put(Fields.CONTAINER_IPS, List.of(ips)).build();
    }

    @Test
    void shortIdGainsNameImageAndLabels() {
        Inventory inv = new Inventory();
        inv.learn(inspect(WEB, "web", "busybox:local", Map.of("app", "web"), "172.19.0.2"));
        Event stats = ev("docker_stats", "metric", "stats").put(Fields.CONTAINER_ID, WEB.substring(0, 12)).build();
        Event out = inv.enrich(stats);
        assertThat(out.string(Fields.CONTAINER_ID)).isEqualTo(WEB.substring(0, 12)); // kept as it was
        assertThat(out.string(Fields.CONTAINER_NAME)).isEqualTo("web");
        assertThat(out.string(Fields.CONTAINER_IMAGE)).isEqualTo("busybox:local");
        assertThat(out.field(Fields.CONTAINER_LABELS)).isEqualTo(Map.of("app", "web"));
        // a prefix shorter than 12 characters is not trusted
        Event tooShort = ev("docker_stats", "metric", "stats").put(Fields.CONTAINER_ID, WEB.substring(0, 8)).build();
        assertThat(inv.enrich(tooShort)).isSameAs(tooShort);
    }

    @Test
    void nameOnlyEventGainsIdAndImageButNeverOverwrites() {
        Inventory inv = new Inventory();
        inv.learn(ev("docker_events", "lifecycle", "create").put(Fields.CONTAINER_ID, WEB)
                .put(Fields.CONTAINER_NAME, "web").put(Fields.CONTAINER_IMAGE, "busybox:local")
                .put(Fields.CONTAINER_LABELS, Map.of("app", "web")).build());
        Event call = ev("dockerd_log", "api", "container_inspect").put(Fields.CONTAINER_NAME, "web")
                .put(Fields.CONTAINER_IMAGE, "already:set").build();
        Event out = inv.enrich(call);
        assertThat(out.string(Fields.CONTAINER_ID)).isEqualTo(WEB);
        assertThat(out.string(Fields.CONTAINER_IMAGE)).isEqualTo("already:set");
        assertThat(out.field(Fields.CONTAINER_LABELS)).isEqualTo(Map.of("app", "web"));
    }

    @Test
    void createCallIsLinkedByNameWhenTheIdShowsUp() {
        Inventory inv = new Inventory();
        inv.learn(ev("dockerd_log", "api", "container_create").put(Fields.CONTAINER_NAME, "miner")
                .put(Fields.CONTAINER_IMAGE, "xmrig:latest").put(Fields.CONTAINER_LABELS, Map.of("ci", "true")).build());
        // before the id is known, a name-only event gains the image
        Event byName = inv.enrich(ev("dockerd_log", "api", "container_start").put(Fields.CONTAINER_NAME, "miner").build());
        assertThat(byName.string(Fields.CONTAINER_IMAGE)).isEqualTo("xmrig:latest");
        // an event showing id and name links them
        inv.learn(ev("docker_stats", "metric", "stats").put(Fields.CONTAINER_ID, DB.substring(0, 12))
                .put(Fields.CONTAINER_NAME, "miner").build());
        Event byId = inv.enrich(ev("dockerd_log", "api", "container_start").put(Fields.CONTAINER_ID, DB).build());
        assertThat(byId.string(Fields.CONTAINER_NAME)).isEqualTo("miner");
        assertThat(byId.string(Fields.CONTAINER_IMAGE)).isEqualTo("xmrig:latest");
        assertThat(byId.field(Fields.CONTAINER_LABELS)).isEqualTo(Map.of("ci", "true"));
        // the full id, once seen, replaces the prefix it was learned under
        inv.learn(ev("docker_events", "lifecycle", "start").put(Fields.CONTAINER_ID, DB)
                .put(Fields.CONTAINER_NAME, "miner").build());
        assertThat(inv.size()).isEqualTo(1);
        assertThat(inv.find("miner")).get().extracting(Inventory.Container::id).isEqualTo(DB);
        assertThat(inv.find(DB.substring(0, 12))).get().extracting(Inventory.Container::image).isEqualTo("xmrig:latest");
    }

    @Test
    void flowsGainContainersOfBothEnds() {
        Inventory inv = new Inventory();
        inv.learn(inspect(WEB, "web", "busybox:local", Map.of("app", "web"), "172.19.0.2"));
        inv.learn(inspect(DB, "db", "postgres:16", Map.of("app", "db"), "172.19.0.3", "10.0.0.3"));
        Event flow = ev("zeek_conn", "flow", "connection").put(Fields.SOURCE_IP, "172.19.0.2")
                .put(Fields.DEST_IP, "10.0.0.3").put(Fields.DEST_PORT, 5432L).build();
        Event out = inv.enrich(flow);
        assertThat(out.string(Fields.SOURCE_CONTAINER_NAME)).isEqualTo("web");
        assertThat(out.string(Fields.SOURCE_CONTAINER_ID)).isEqualTo(WEB);
        assertThat(out.string(Fields.DEST_CONTAINER_NAME)).isEqualTo("db");
        assertThat(out.string(Fields.DEST_CONTAINER_ID)).isEqualTo(DB);
        assertThat(out.string(Fields.CONTAINER_NAME)).isEqualTo("web");
        assertThat(out.string(Fields.CONTAINER_ID)).isEqualTo(WEB);
        assertThat(out.string(Fields.CONTAINER_IMAGE)).isEqualTo("busybox:local");
        assertThat(out.field(Fields.CONTAINER_LABELS)).isEqualTo(Map.of("app", "web"));

        Event inbound = inv.enrich(ev("zeek_conn", "flow", "connection").put(Fields.SOURCE_IP, "198.51.100.1")
                .put(Fields.DEST_IP, "172.19.0.3").build());
        assertThat(inbound.string(Fields.DEST_CONTAINER_NAME)).isEqualTo("db");
        assertThat(inbound.string(Fields.SOURCE_CONTAINER_NAME)).isNull();
        assertThat(inbound.string(Fields.CONTAINER_NAME)).isNull();
        assertThat(inv.findByIp("10.0.0.3")).get().extracting(Inventory.Container::name).isEqualTo("db");
    }

    @Test
    void kubernetesAuditNamesAreNotDockerNames() {
        Inventory inv = new Inventory();
        inv.learn(inspect(WEB, "web", "busybox:local", Map.of(), "172.19.0.2"));
        Event audit = ev("k8s_audit", "exec", "create").put(Fields.CONTAINER_NAME, "web").build();
        inv.learn(audit);
        assertThat(inv.enrich(audit).string(Fields.CONTAINER_ID)).isNull();
    }

    @Test
    void memoryIsBounded() {
        Inventory inv = new Inventory(3);
        for (int i = 0; i < 5; i++) {
            String id = String.format("%064x", i + 1);
            inv.learn(inspect(id, "c" + i, "img", Map.of(), "10.1.0." + i));
        }
        assertThat(inv.size()).isEqualTo(3);
        assertThat(inv.find("c0")).isEmpty();
        assertThat(inv.find("c4")).isPresent();
        assertThat(inv.findByIp("10.1.0.0")).isEmpty();
        assertThat(inv.findByIp("10.1.0.4")).isPresent();
    }

    @Test
    void renameMovesTheName() {
        Inventory inv = new Inventory();
        inv.learn(inspect(WEB, "old", "img", Map.of()));
        inv.learn(ev("docker_events", "lifecycle", "rename").put(Fields.CONTAINER_ID, WEB).put(Fields.CONTAINER_NAME, "new").build());
        assertThat(inv.find("old")).isEmpty();
        assertThat(inv.find("new")).get().extracting(Inventory.Container::id).isEqualTo(WEB);
    }

    @Test
    void safeFromSeveralThreads() throws InterruptedException {
        Inventory inv = new Inventory(1000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int base = t;
            pool.submit(() -> {
                for (int i = 0; i < 2000; i++) {
                    String id = String.format("%064x", base * 100_000 + i);
                    inv.learn(inspect(id, "n" + base + "-" + i, "img", Map.of(), "10." + base + "." + (i / 250) + "." + (i % 250)));
                    inv.enrich(ev("docker_stats", "metric", "stats").put(Fields.CONTAINER_ID, id.substring(0, 12)).build());
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(inv.size()).isEqualTo(1000);
    }
}
