package io.keelwatch.respond;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Quiets the fabric8 mock API server, which logs every request at INFO (java.util.logging). */
public final class MockApiLog {
    /** Held here so that the level sticks (the logging framework keeps loggers only weakly). */
    private static final Logger LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private MockApiLog() {
    }

    public static void quiet() {
        LOG.setLevel(Level.WARNING);
    }
}
