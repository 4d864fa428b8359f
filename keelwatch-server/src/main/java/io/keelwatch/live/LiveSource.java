package io.keelwatch.live;

/**
 * A live input: the Docker Engine event stream, a followed file, ... {@link #run} blocks, appending what it reads
 * to the inbox, resuming from the inbox's committed offset for {@link #name()}, until {@link #stop()} is called
 * (from another thread). It reconnects or reopens by itself on transient failures.
 */
public interface LiveSource {
    /** The input's stable name, used as the inbox offset key (e.g. {@code docker:unix:///var/run/docker.sock}). */
    String name();

    void run(Inbox inbox) throws Exception;

    void stop();
}
