package io.keelwatch.cli;

import java.io.PrintStream;

/** Progress on stderr for long reads: only on a terminal, at most every two seconds, never with --quiet. */
final class Progress {
    private final PrintStream err;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long last = started;
    private boolean shown;

    Progress(PrintStream err, boolean quiet) {
        this.err = err;
        this.enabled = !quiet && System.console() != null;
    }

    void tick(long events) {
        if (!enabled || (events & 0xfff) != 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - last < 2_000_000_000L) {
            return;
        }
        last = now;
        double secs = (now - started) / 1e9;
        err.printf("\rkeelwatch: %,d events read (%,.0f/s)   ", events, events / secs);
        shown = true;
    }

    void done() {
        if (shown) {
            err.print("\r" + " ".repeat(60) + "\r");
        }
    }
}
