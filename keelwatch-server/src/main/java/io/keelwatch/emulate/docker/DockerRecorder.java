package io.keelwatch.emulate.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.live.DockerContainers;
import io.keelwatch.live.LineStream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Records what sensors see while the scenarios run, into a capture directory that {@code keelwatch scan} reads:
 * <ul>
 *   <li>{@code events.jsonl}: the engine's {@code /events} stream (what {@code docker events --format '{{json .}}'}
 *   prints);</li>
 *   <li>{@code inspect.jsonl}: an inspect of each of the run's containers as it is created (as the daemon does);</li>
 *   <li>{@code stats.jsonl}: the engine's stats stream of each of the run's containers while it runs;</li>
 *   <li>{@code dockerd.log}: the part of the daemon's debug log written meanwhile, when its file is known;</li>
 *   <li>{@code appnet.pcap} and {@code conn.log}: packets on the run's bridge and their connections (Zeek
 *   conn.log JSON), when tcpdump can run ({@link PacketCapture}).</li>
 * </ul>
 */
final class DockerRecorder implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerContainers docker;
    private final String runId;
    private final Path out;
    private final Consumer<String> log;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "emulate-recorder");
        t.setDaemon(true);
        return t;
    });
    private final List<LineStream> streams = new ArrayList<>();
    private final BufferedWriter events;
    private final BufferedWriter inspects;
    private final BufferedWriter stats;
    private final DaemonLogSlice daemonLog;
    private PacketCapture capture;
    private volatile boolean closing;

    DockerRecorder(DockerContainers docker, String runId, Path out, Path dockerdLog, Consumer<String> log)
            throws IOException {
        this.docker = docker;
        this.runId = runId;
        this.out = out;
        this.log = log;
        Files.createDirectories(out);
        this.events = Files.newBufferedWriter(out.resolve("events.jsonl"), StandardCharsets.UTF_8);
        this.inspects = Files.newBufferedWriter(out.resolve("inspect.jsonl"), StandardCharsets.UTF_8);
        this.stats = Files.newBufferedWriter(out.resolve("stats.jsonl"), StandardCharsets.UTF_8);
        this.daemonLog = dockerdLog == null ? null : new DaemonLogSlice(dockerdLog);
    }

    /** Starts following the engine's events from {@code sinceNanos}. */
    void start(long sinceNanos) throws IOException {
        LineStream s = docker.client().events(sinceNanos, null, null);
        track(s);
        workers.submit(() -> follow(s));
    }

    /**
     * Starts a packet capture on the run's network bridge (when tcpdump can run here). Its connections end up in
     * conn.log; the packets themselves are kept (appnet.pcap) only when asked, as a scan of the directory would
     * otherwise read every connection twice.
     */
    void capture(String networkId, long maxPackets, boolean keepPcap) throws IOException {
        Path pcap = keepPcap ? out.resolve("appnet.pcap") : Files.createTempFile("keelwatch-emulate", ".pcap");
        capture = PacketCapture.start(docker, networkId, pcap, maxPackets, !keepPcap, log);
    }

    private synchronized void track(LineStream s) throws IOException {
        if (closing) {
            s.close();
        }
        streams.add(s);
    }

    private void follow(LineStream s) {
        try {
            String line;
            while ((line = s.next()) != null) {
                write(events, line);
                JsonNode e = JSON.readTree(line);
                if (e.path("Type").asText().equals("container")
                        && runId.equals(e.path("Actor").path("Attributes").path(DockerLab.LABEL).asText(null))) {
                    String id = e.path("Actor").path("ID").asText();
                    switch (e.path("Action").asText()) {
                        case "create" -> workers.submit(() -> inspect(id));
                        case "start" -> workers.submit(() -> sample(id));
                        default -> { }
                    }
                }
            }
        } catch (IOException e) {
            if (!closing) {
                log.accept("the engine's event stream broke: " + e.getMessage());
            }
        }
    }

    private void inspect(String id) {
        try {
            write(inspects, docker.client().inspectRaw(id).replace('\n', ' '));
        } catch (IOException e) {
            log.accept("inspect of " + id.substring(0, Math.min(12, id.length())) + " missed: " + e.getMessage());
        }
    }

    private void sample(String id) {
        try (LineStream s = docker.statsStream(id)) {
            track(s);
            String line;
            while ((line = s.next()) != null) {
                write(stats, line);
            }
        } catch (IOException e) {
            // the container is gone or the recorder is closing: its samples end here
        }
    }

    private static void write(BufferedWriter w, String line) throws IOException {
        synchronized (w) {
            w.write(line);
            w.write('\n');
            w.flush();
        }
    }

    /** Stops every collector and writes the daemon log slice and the connections of the packet capture. */
    @Override
    public void close() throws IOException {
        closing = true;
        synchronized (this) {
            for (LineStream s : streams) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already broken
                }
            }
        }
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        for (BufferedWriter w : List.of(events, inspects, stats)) {
            synchronized (w) {
                w.close();
            }
        }
        if (daemonLog != null) {
            daemonLog.copyTo(out.resolve("dockerd.log"), log);
        }
        if (capture != null) {
            capture.stop(out.resolve("conn.log"));
        }
    }
}
