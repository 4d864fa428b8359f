package io.keelwatch.source;

import io.keelwatch.event.Event;

/**
 * The one enrichment step every event goes through after its reader, whatever drives it (files, rule samples,
 * the daemon): the inventory learns from the event, adds what it knows (names, images, labels, both ends of a
 * flow), then shell scripts are looked into ({@link ShellCommands}).
 */
public final class Enrichment {
    private Enrichment() {
    }

    public static Event apply(Inventory inventory, Event e) {
        inventory.learn(e);
        return ShellCommands.enrich(inventory.enrich(e));
    }
}
