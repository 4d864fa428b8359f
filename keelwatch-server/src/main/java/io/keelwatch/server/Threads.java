package io.keelwatch.server;

/** Stopping the daemon's worker threads. */
public final class Threads {
    private Threads() {
    }

    /**
     * Waits up to {@code millis} for {@code t} to end. An interrupt of the waiting thread ends the wait early and is
     * kept (its flag set again) for the caller to see.
     */
    public static void join(Thread t, long millis) {
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Interrupts {@code t} (it is blocked on a queue or a sleep) and waits up to {@code millis} for it to end. */
    public static void stop(Thread t, long millis) {
        t.interrupt();
        join(t, millis);
    }
}
