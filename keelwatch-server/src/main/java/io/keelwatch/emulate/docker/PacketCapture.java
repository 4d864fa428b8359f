package io.keelwatch.emulate.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.Event;
import io.keelwatch.live.DockerContainers;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.source.EventStream;
import io.keelwatch.source.Inputs;
import io.keelwatch.source.Sources;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * tcpdump on the bridge of the run's network (root and tcpdump needed), stopped at the end; its packets are then
 * summarised into one Zeek conn.log JSON record per connection, the flow log the rules read.
 */
final class PacketCapture {
    private final Process process;
    private final Path pcap;
    private final boolean deletePcap;
    private final Consumer<String> log;

    private PacketCapture(Process process, Path pcap, boolean deletePcap, Consumer<String> log) {
        this.process = process;
        this.pcap = pcap;
        this.deletePcap = deletePcap;
        this.log = log;
    }

    /** Starts tcpdump, or returns null (saying why) when it cannot run here. */
    static PacketCapture start(DockerContainers docker, String networkId, Path pcap, long maxPackets,
                               boolean deletePcap, Consumer<String> log) {
        Path tcpdump = onPath("tcpdump");
        if (tcpdump == null) {
            log.accept("tcpdump is not installed: no packet capture, so no flows (port scan and egress go unseen)");
            return null;
        }
        try {
            JsonNode net = docker.networkInspect(networkId);
            String iface = net == null ? "" : net.path("Options").path("com.docker.network.bridge.name").asText("");
            if (iface.isEmpty()) {
                iface = "br-" + networkId.substring(0, 12);
            }
            Path err = Files.createTempFile("keelwatch-tcpdump", ".err");
            Process p = new ProcessBuilder(tcpdump.toString(), "-Z", "root", "-i", iface, "-n", "-U", "-c",
                    Long.toString(maxPackets), "-w", pcap.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
            if (p.waitFor(700, TimeUnit.MILLISECONDS)) {
                log.accept("tcpdump on " + iface + " failed: " + Files.readString(err).strip());
                Files.deleteIfExists(err);
                return null;
            }
            Files.deleteIfExists(err);
            return new PacketCapture(p, pcap, deletePcap, log);
        } catch (IOException e) {
            log.accept("no packet capture: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Stops tcpdump and writes the connections it saw as Zeek conn.log JSON lines. */
    void stop(Path connLog) throws IOException {
        try {
            summarise(connLog);
        } finally {
            if (deletePcap) {
                Files.deleteIfExists(pcap);
            }
        }
    }

    private void summarise(Path connLog) throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!Files.exists(pcap) || Files.size(pcap) == 0) {
            log.accept("the packet capture is empty");
            return;
        }
        Diagnostics diag = new Diagnostics(r -> log.accept("pcap: " + r));
        List<Inputs.Planned> plan = Inputs.plan(List.of(pcap), "pcap", Sources.defaults(), diag);
        try (EventStream s = Inputs.openOne(plan.get(0), diag);
             BufferedWriter w = Files.newBufferedWriter(connLog, StandardCharsets.UTF_8)) {
            Event e;
            while ((e = s.next()) != null) {
                w.write(e.raw().toString());
                w.write('\n');
            }
        }
    }

    static Path onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/usr/bin:/sbin";
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return Path.of(d, program);
            }
        }
        return null;
    }
}
