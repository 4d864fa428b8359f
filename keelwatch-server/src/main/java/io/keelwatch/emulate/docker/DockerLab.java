package io.keelwatch.emulate.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.live.DockerApiException;
import io.keelwatch.live.DockerContainers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The emulator's own corner of a Docker engine: one image, one user-defined bridge network and the containers it
 * creates, all labelled {@value #LABEL} with the run's id. Everything created is tracked and removed by
 * {@link #close()} (also from a shutdown hook when the JVM is interrupted). Traffic only goes between these
 * containers, by address.
 */
public final class DockerLab implements AutoCloseable {
    /** The label on every container and network the emulator creates; its value is the run id. */
    public static final String LABEL = "io.keelwatch.emulation";

    private final DockerContainers docker;
    private final String image;
    private final String runId;
    private final Set<String> created = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Consumer<String> log;
    private String network;
    private String networkId;
    private volatile boolean closed;
    private int inFlight;   // creates under way, guarded by created

    public DockerLab(DockerContainers docker, String image, String runId, Consumer<String> log) {
        this.docker = docker;
        this.image = image;
        this.runId = runId;
        this.log = log;
    }

    public DockerContainers docker() {
        return docker;
    }

    public String runId() {
        return runId;
    }

    /** A container or network name of this run: {@code kw-RUN-BASE}. */
    public String name(String base) {
        return "kw-" + runId + "-" + base;
    }

    public String network() {
        return network;
    }

    public String networkId() {
        return networkId;
    }

    /** Checks the engine and the image, and creates the run's bridge network. */
    public void prepare() throws IOException {
        if (!docker.client().ping()) {
            throw new IOException("no Docker engine answers at " + docker.client().endpoint().url());
        }
        if (!docker.imageExists(image)) {
            throw new IOException("the engine has no image " + image + ": the emulator needs a busybox image (sh, "
                    + "nc, httpd, netstat, ps); import one (scripts/dockerd-sandbox.sh does) or pass --image");
        }
        network = name("appnet");
        networkId = docker.networkCreate(network, Map.of(LABEL, runId));
    }

    /** A container config on this run's image, labelled as this run's. */
    public ObjectNode config(List<String> cmd, Map<String, String> labels) {
        ObjectNode c = DockerContainers.config(image, cmd);
        ObjectNode l = c.putObject("Labels");
        l.put(LABEL, runId);
        labels.forEach(l::put);
        return c;
    }

    /** The config's HostConfig. */
    public static ObjectNode hostConfig(ObjectNode config) {
        return (ObjectNode) config.get("HostConfig");
    }

    /** Puts a container config on the run's network. */
    public ObjectNode onNetwork(ObjectNode config) {
        hostConfig(config).put("NetworkMode", network);
        return config;
    }

    /** {@code docker run -d}: creates and starts; returns the id. A refused start removes the container again. */
    public String start(String name, ObjectNode config) throws IOException {
        synchronized (created) {
            if (closed) {
                throw new IOException("the lab is closed");
            }
            inFlight++;
        }
        try {
            String id = docker.create(name, config);
            synchronized (created) {
                created.add(id);
                if (closed) {   // closed while the engine was creating it: close() waits for us, remove it here
                    docker.remove(id);
                    throw new IOException("the lab is closed");
                }
            }
            try {
                docker.start(id);
            } catch (DockerApiException e) {
                docker.remove(id);
                throw e;
            }
            return id;
        } finally {
            synchronized (created) {
                inFlight--;
                created.notifyAll();
            }
        }
    }

    /**
     * {@code docker run --rm}: creates with auto-remove, starts and waits until the engine has removed it (at most
     * {@code timeoutMillis}); returns the id. A refused create or start is logged and swallowed, as an attacker's
     * failed attempt is part of the scenario.
     */
    public String runRemoved(String name, ObjectNode config, long timeoutMillis) throws IOException {
        hostConfig(config).put("AutoRemove", true);
        String id;
        try {
            id = start(name, config);
        } catch (DockerApiException e) {
            log.accept("refused as expected or not: " + e.getMessage());
            return null;
        }
        waitRemoved(id, timeoutMillis);
        return id;
    }

    /** Polls until the container is gone (auto-removed) or the time is up; then removes it by force. */
    public void waitRemoved(String id, long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (docker.exists(id) && System.currentTimeMillis() < deadline) {
            sleep(200);
        }
        if (docker.exists(id)) {
            docker.remove(id);
        }
    }

    /** {@code docker exec}; a refused or failed exec is logged and its output returned (exit code -1 on refusal). */
    public DockerContainers.Output exec(String container, String... cmd) throws IOException {
        try {
            return docker.exec(container, List.of(cmd));
        } catch (DockerApiException e) {
            log.accept("exec " + String.join(" ", cmd) + ": " + e.getMessage());
            return new DockerContainers.Output("", e.getMessage(), -1);
        }
    }

    /** The container's address on the run's network. */
    public String ip(String container) throws IOException {
        JsonNode n = docker.client().inspect(container).path("NetworkSettings").path("Networks").path(network);
        String ip = n.path("IPAddress").asText("");
        if (ip.isEmpty()) {
            throw new IOException("container " + container + " has no address on " + network);
        }
        return ip;
    }

    /** Removes every container and the network this run created; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        // the engine calls below run on interruptible channels: clean up first, restore the interrupt after
        boolean interrupted = Thread.interrupted();
        try {
            removeEverything();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void removeEverything() {
        List<String> ids;
        synchronized (created) {
            closed = true;
            long deadline = System.currentTimeMillis() + 30_000;   // let creates the engine is doing come back
            while (inFlight > 0 && System.currentTimeMillis() < deadline) {
                try {
                    created.wait(200);
                } catch (InterruptedException e) {
                    break;   // a second interrupt: stop waiting, still remove what is known
                }
            }
            ids = new ArrayList<>(created);
        }
        removeAll(ids);
        // A create whose caller was interrupted reached the engine but never came back with its id: find such
        // containers by the run's label, twice, as the engine may still be finishing a create when first asked.
        for (int round = 0; round < 3; round++) {
            List<String> stray = labelled();
            if (stray.isEmpty() && round > 0) {
                break;
            }
            if (!stray.isEmpty()) {
                log.accept("removing " + stray.size() + " container(s) of this run found by label");
                removeAll(stray);
            }
            sleepQuietly(1_000);
        }
        if (networkId != null) {
            try {
                docker.networkRemove(networkId);
            } catch (IOException e) {
                log.accept("could not remove network " + network + ": " + e.getMessage());
            }
        }
    }

    private List<String> labelled() {
        List<String> ids = new ArrayList<>();
        try {
            for (JsonNode c : docker.listByLabel(LABEL + "=" + runId)) {
                ids.add(c.path("Id").asText());
            }
        } catch (IOException e) {
            log.accept("could not list the containers of this run: " + e.getMessage());
        }
        return ids;
    }

    private void removeAll(List<String> ids) {
        java.util.concurrent.ExecutorService removers = java.util.concurrent.Executors.newFixedThreadPool(8);
        for (String id : ids) {   // in parallel: removing is slow on a busy engine, and an interrupt is waiting
            removers.submit(() -> {
                try {
                    docker.remove(id);
                } catch (IOException e) {
                    log.accept("could not remove container " + id + ": " + e.getMessage());
                }
            });
        }
        removers.shutdown();
        try {
            removers.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            log.accept("interrupted while removing containers; the rest is left to --cleanup");
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // cleaning up regardless
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
