package io.keelwatch.source;

import io.keelwatch.event.Event;

import java.io.Closeable;
import java.io.IOException;

/** A pull stream of events. {@link #next()} returns null at the end. Bad records are reported, never thrown. */
public interface EventStream extends Closeable {
    Event next() throws IOException;

    @Override
    default void close() throws IOException {
    }
}
