package io.keelwatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.event.Event;
import io.keelwatch.source.EventStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.List;

/**
 * Reading Kubernetes audit lines into events (the skeleton parse, raw text kept) against the Jackson
 * {@code readTree} of the same lines: events per second, the {@code bench} command's yardstick in isolation.
 */
public class ReadBenchmark extends Defaults {
    static final int LINES = 10_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private List<String> lines;
    private byte[] text;

    @Setup
    public void setup() {
        lines = AuditLines.lines(LINES, 42);
        text = String.join("\n", lines).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void readTree(Blackhole bh) throws IOException {
        for (String l : lines) {
            bh.consume(MAPPER.readTree(l));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void auditReader(Blackhole bh) throws IOException {
        try (EventStream s = AuditLines.read(text)) {
            Event e;
            while ((e = s.next()) != null) {
                bh.consume(e);
            }
        }
    }
}
