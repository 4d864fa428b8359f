package io.keelwatch.server;

import io.keelwatch.live.Inbox;
import io.keelwatch.live.LiveSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one live source on its own thread. A source handles transient failures itself; should {@code run} still
 * throw or return, it is started again after a backoff (1 s doubling to 60 s) until {@link #close}.
 */
public final class SourceRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SourceRunner.class);

    private final LiveSource source;
    private final Inbox inbox;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean up;
    private volatile String lastError;
    private volatile long restarts;

    public SourceRunner(LiveSource source, Inbox inbox) {
        this.source = source;
        this.inbox = inbox;
        this.thread = new Thread(this::loop, "keelwatch-source-" + source.name());
        this.thread.setDaemon(true);
    }

    public SourceRunner start() {
        thread.start();
        return this;
    }

    private void loop() {
        long backoff = 1000;
        while (!stopping) {
            long started = System.currentTimeMillis();
            try {
                up = true;
                source.run(inbox);
                if (!stopping) {
                    lastError = "stopped by itself";
                }
            } catch (InterruptedException e) {
                if (stopping) {
                    break;
                }
                lastError = e.toString();
            } catch (Exception e) {
                lastError = e.getMessage() == null ? e.toString() : e.getMessage();
                LOG.error("source {} failed: {}", source.name(), lastError);
            } finally {
                up = false;
            }
            if (stopping) {
                break;
            }
            if (System.currentTimeMillis() - started > 60_000) {
                backoff = 1000;
            }
            restarts++;
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                if (stopping) {
                    break;
                }
            }
            backoff = Math.min(backoff * 2, 60_000);
        }
    }

    public String name() {
        return source.name();
    }

    public boolean up() {
        return up;
    }

    public String lastError() {
        return lastError;
    }

    public long restarts() {
        return restarts;
    }

    @Override
    public void close() {
        stopping = true;
        try {
            source.stop();
        } catch (RuntimeException e) {
            LOG.warn("source {}: stop: {}", source.name(), e.toString());
        }
        Threads.stop(thread, 10_000);
    }
}
