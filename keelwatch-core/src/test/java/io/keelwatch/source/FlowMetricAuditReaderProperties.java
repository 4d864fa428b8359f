package io.keelwatch.source;

import io.keelwatch.event.Event;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random input never makes the metric, flow or auditd readers (or their sniffers) throw: bad records are
 * rejected, the rest is read.
 */
class FlowMetricAuditReaderProperties {
    private static final List<SourceReader> READERS = List.of(new DockerStatsReader(), new EngineStatsReader(),
            new KubeletStatsReader(), new ZeekConnReader(), new HubbleFlowReader(), new VpcFlowReader(),
            new ConntrackReader(), new AuditdReader());
    private static final String[][] FIXTURES = {
        {"DockerStatsReaderTest", "stats.jsonl"}, {"EngineStatsReaderTest", "stats.jsonl"},
        {"EngineStatsReaderTest", "pretty.json"}, {"KubeletStatsReaderTest", "summaries.jsonl"},
        {"ZeekConnReaderTest", "conn.log"}, {"ZeekConnReaderTest", "conn.json"},
        {"HubbleFlowReaderTest", "flows.jsonl"}, {"VpcFlowReaderTest", "default.log"},
        {"VpcFlowReaderTest", "custom.log"}, {"ConntrackReaderTest", "events.txt"},
        {"ConntrackReaderTest", "list.txt"}, {"AuditdReaderTest", "audit.log"}};
    private static final List<String> SEEDS = seeds();

    private static List<String> seeds() {
        List<String> out = new ArrayList<>();
        for (String[] f : FIXTURES) {
            try (InputStream in = FlowMetricAuditReaderProperties.class
                    .getResourceAsStream("/fixtures/" + f[0] + "/" + f[1])) {
                if (in == null) {
                    throw new IllegalStateException("missing fixture " + f[0] + "/" + f[1]);
                }
                out.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @Provide
    Arbitrary<SourceReader> readers() {
        return Arbitraries.of(READERS);
    }

    /** A seed line from any of the formats with a few random edits: cut, insertion, replacement, truncation. */
    @Provide
    Arbitrary<String> mutatedLine() {
        Arbitrary<String> seed = Arbitraries.of(SEEDS);
        Arbitrary<String> junk = Arbitraries.strings()
                .withChars("{}[]\":=,.-_ \t\\'()%/#0123456789abcdefXYZ\u001b\u0000\u00e9\u0001")
                .ofMinLength(0).ofMaxLength(12);
        return Combinators.combine(seed, junk, Arbitraries.integers().between(0, 100_000),
                Arbitraries.integers().between(0, 4)).as((s, j, pos, op) -> {
                    int at = s.isEmpty() ? 0 : pos % (s.length() + 1);
                    return switch (op) {
                        case 0 -> s.substring(0, at) + j + s.substring(at);
                        case 1 -> s.substring(0, at) + s.substring(Math.min(s.length(), at + j.length() + 1));
                        case 2 -> s.substring(0, at);
                        case 3 -> s.substring(0, at) + j + s.substring(Math.min(s.length(), at + j.length()));
                        default -> s;
                    };
                });
    }

    @Provide
    Arbitrary<String> mutatedText() {
        return mutatedLine().list().ofMinSize(1).ofMaxSize(12).map(l -> String.join("\n", l) + "\n");
    }

    @Property(tries = 400)
    void randomBytesNeverThrow(@ForAll("readers") SourceReader reader, @ForAll @Size(max = 3000) byte[] bytes)
            throws IOException {
        String text = read(InputFile.readerOf(new ByteArrayInputStream(bytes)));
        readAll(reader, text);
    }

    @Property(tries = 1500)
    void mutatedRecordsNeverThrow(@ForAll("readers") SourceReader reader, @ForAll("mutatedText") String text) {
        readAll(reader, text);
    }

    @Property(tries = 300)
    void sniffersNeverThrowAndStayInRange(@ForAll("mutatedText") String text) throws IOException {
        Head head = InputFile.headOf("random", new StringReader(text));
        for (SourceReader r : READERS) {
            assertThat(r.sniff(head)).isBetween(0, 100);
        }
    }

    private static void readAll(SourceReader reader, String text) {
        List<Diagnostics.Rejection> rejections = new ArrayList<>();
        Diagnostics diag = new Diagnostics(rejections::add);
        int events = 0;
        try (EventStream s = reader.open(new StringReader(text), new ReadContext("random", reader.type(), diag))) {
            Event e;
            while ((e = s.next()) != null) {
                assertThat(e.source()).isEqualTo(reader.type());
                assertThat(e.action()).isNotNull();
                events++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(diag.totalRead()).isEqualTo(events);
        assertThat(rejections).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
    }

    private static String read(Reader r) throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[4096];
        int n;
        while ((n = r.read(buf)) > 0) {
            sb.append(buf, 0, n);
        }
        return sb.toString();
    }
}
