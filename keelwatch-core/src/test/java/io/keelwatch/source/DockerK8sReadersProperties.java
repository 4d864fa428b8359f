package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever the input, the Kubernetes audit and Docker readers report bad records and never throw. */
class DockerK8sReadersProperties {
    private static final List<SourceReader> READERS = List.of(new K8sAuditReader(), new DockerEventsReader(),
            new DockerdLogReader(), new DockerInspectReader());

    /** Pieces of the four formats, glued at random into lines. */
    private static final List<String> TOKENS = List.of("{", "}", "[", "]", ":", ",", "\"", "\\\"", " ", "\n", "\r\n",
            "null", "true", "0", "-1", "1e999", "12345678901234567890", "\"\"", "\"verb\"", "\"requestURI\"",
            "\"objectRef\"", "\"kind\"", "\"Event\"", "\"EventList\"", "\"items\"", "\"auditID\"", "\"stageTimestamp\"",
            "\"timestamp\"", "\"2025-01-01T00:00:00Z\"", "\"not-a-time\"", "\"requestObject\"", "\"spec\"",
            "\"containers\"", "\"securityContext\"", "\"privileged\"", "\"volumes\"", "\"hostPath\"", "\"subresource\"",
            "\"exec\"", "\"ephemeralcontainers\"", "\"pods\"", "\"/api/v1/namespaces/x/pods/p/exec?command=%ZZ&command=\"",
            "\"Type\"", "\"Action\"", "\"Actor\"", "\"Attributes\"", "\"ID\"", "\"container\"", "\"network\"",
            "\"exec_create: \"", "\"exitCode\"", "\"timeNano\"", "\"time\"", "\"status\"", "\"from\"",
            "time=\"", "level=", "msg=\"", "Calling ", "POST ", "GET ", "/v1.41/containers/create?name=",
            "/exec/", "/start", "/_ping", "%", "?", "&", "=", "form data: ", "\\", "\\u12", "\\x", "\u00e9", "\uFFFD",
            "\"Id\"", "\"HostConfig\"", "\"Binds\"", "\"Mounts\"", "\"NetworkSettings\"", "\"Networks\"", "\"State\"",
            "\"StartedAt\"", "\"Labels\"", "\"Cmd\"", "\"Entrypoint\"", "abc", "/", "\t", "\uFEFF");

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(120).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
    }

    @Provide
    Arbitrary<String> lines() {
        return Arbitraries.strings().all().ofMaxLength(200).list().ofMaxSize(20).map(l -> String.join("\n", l));
    }

    @Property(tries = 300)
    void randomBytesNeverThrow(@ForAll("bytes") byte[] data) throws IOException {
        for (SourceReader r : READERS) {
            drain(r, InputFile.readerOf(new ByteArrayInputStream(data)));
            sniff(r, new String(data, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Property(tries = 300)
    void randomLinesNeverThrow(@ForAll("lines") String text) throws IOException {
        for (SourceReader r : READERS) {
            drain(r, new StringReader(text));
            sniff(r, text);
        }
    }

    @Property(tries = 1000)
    void formatFragmentsNeverThrow(@ForAll("tokenSoup") String text) throws IOException {
        for (SourceReader r : READERS) {
            drain(r, new StringReader(text));
            drain(r, new StringReader(text + "\n" + text));
            sniff(r, text);
        }
    }

    private static void sniff(SourceReader r, String text) throws IOException {
        int score = r.sniff(InputFile.headOf("prop", new StringReader(text)));
        assertThat(score).isBetween(0, 100);
    }

    private static void drain(SourceReader r, Reader in) throws IOException {
        Diagnostics diag = new Diagnostics(x -> assertThat(x.reason()).isNotBlank());
        try (EventStream s = r.open(in, new ReadContext("prop", r.type(), diag))) {
            Event e;
            int n = 0;
            while ((e = s.next()) != null) {
                assertThat(e.string(Fields.EVENT_KIND)).isNotNull();
                assertThat(e.action()).isNotNull();
                assertThat(++n).isLessThan(100_000);
            }
        }
    }
}
