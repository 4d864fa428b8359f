package io.keelwatch.server.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;

/**
 * Where alerts go: one send per alert, given as the stored alert's JSON ({@code id}, {@code status} and the
 * {@link io.keelwatch.alert.Alert#toJson()} keys). Called from one thread (the output's worker). An IOException is
 * retried with backoff; a {@link Rejected} is not (the receiver refused this alert for good).
 */
public interface AlertSink extends AutoCloseable {
    /** The output's name in metrics, logs and the spool, e.g. {@code webhook:https://siem.example/ingest}. */
    String name();

    void send(JsonNode alert) throws IOException;

    @Override
    default void close() throws IOException {
    }

    /** A permanent refusal: the item is dropped and counted as failed. */
    final class Rejected extends IOException {
        public Rejected(String message) {
            super(message);
        }
    }
}
