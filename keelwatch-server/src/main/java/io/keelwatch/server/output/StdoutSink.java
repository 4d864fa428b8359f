package io.keelwatch.server.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;

/** JSON lines on standard output (or another stream). */
public final class StdoutSink implements AlertSink {
    private final PrintStream out;
    private final Format format;

    public StdoutSink(PrintStream out, Format format) {
        this.out = out;
        this.format = format;
    }

    @Override
    public String name() {
        return "stdout";
    }

    @Override
    public void send(JsonNode alert) {
        synchronized (out) {
            out.println(format.render(alert));
            out.flush();
        }
    }
}
