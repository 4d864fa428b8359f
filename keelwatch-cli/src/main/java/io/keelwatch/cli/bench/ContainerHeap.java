package io.keelwatch.cli.bench;

import io.keelwatch.engine.Pipeline;
import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Origin;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.source.Enrichment;
import io.keelwatch.source.Inventory;

import java.util.Map;

/**
 * Heap held for many tracked containers: Docker create and start events of {@code n} distinct containers (with a
 * name, an image and two labels) go through the inventory (sized for all of them) and the pipeline with the
 * built-in pack, whose stateful rules key on containers; the heap in use after a full collection is compared with
 * the heap before. The stateful rules keep at most their {@code max_keys} (100,000 by default) each, so the
 * figure is what the inventory and those capped tables hold together.
 */
final class ContainerHeap {
    private ContainerHeap() {
    }

    /**
     * Bytes of heap the state for {@code n} containers takes, measured after a full collection: the inventory alone
     * ({@code rules} null), or the inventory and the pipeline.
     */
    static long measure(CompileResult rules, int n) {
        long before = usedAfterGc();
        Inventory inventory = new Inventory(n);
        long[] alerts = {0};
        Pipeline p = rules == null ? null : new Pipeline(rules.ruleSet(), a -> alerts[0]++);
        long t = 1_795_000_000_000_000_000L;
        for (int i = 0; i < n; i++) {
            String id = String.format("%016x%016x%016x%016x", i, (long) i * 31, (long) i * 17, (long) i * 7);
            for (String action : new String[]{"create", "start"}) {
                t += 1_000_000;
                Event e = Event.builder("docker_events").time(t).origin(Origin.of("containers", i + 1))
                        .put(Fields.EVENT_ACTION, action).put(Fields.EVENT_KIND, "lifecycle")
                        .put(Fields.DOCKER_EVENT_TYPE, "container").put(Fields.CONTAINER_ID, id)
                        .put(Fields.CONTAINER_NAME, "app-" + i).put(Fields.CONTAINER_IMAGE, "registry.example/shop/app:1.4")
                        .put(Fields.CONTAINER_LABELS, Map.of("team", "shop", "tier", "web")).build();
                Event enriched = Enrichment.apply(inventory, e);
                if (p != null) {
                    p.accept(enriched);
                }
            }
        }
        long after = usedAfterGc();
        if (inventory.size() != n) {
            throw new IllegalStateException("the inventory tracks " + inventory.size() + " containers, not " + n);
        }
        if (p != null) {
            p.finish();
        }
        return after - before;
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
