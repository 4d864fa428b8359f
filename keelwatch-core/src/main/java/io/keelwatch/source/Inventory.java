package io.keelwatch.source;

import io.keelwatch.event.Event;

/**
 * What is known about containers (id, name, image, labels, IP addresses, privileges), learned from inventory
 * files ({@code docker inspect}) and from events as they pass (Docker create events, daemon create calls).
 * Used to enrich events that carry only part of the picture: a stats line's short id gains the name and image,
 * a flow's IP addresses gain the container names of both ends.
 */
public final class Inventory {

    /** Learns from an event (inventory records, Docker lifecycle events, create calls). */
    public void learn(Event e) {
        // filled in by the Docker readers' work
    }

    /** Returns the event with what the inventory knows added (never overwriting what the event has). */
    public Event enrich(Event e) {
        return e;
    }
}
