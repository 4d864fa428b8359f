package io.keelwatch.rule.sigma;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleLoader;
import io.keelwatch.rule.RuleSetSource;
import io.keelwatch.rule.TuningConfig;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.source.EventStream;
import io.keelwatch.source.InputFile;
import io.keelwatch.source.JsonFlattener;
import io.keelwatch.source.JsonLogReader;
import io.keelwatch.source.ReadContext;
import io.keelwatch.source.SourceReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers over the shared Sigma corpus ({@code ../../shared/corpus/sigma}). */
final class SigmaCorpus {
    static final Path ROOT = Path.of("../../shared/corpus/sigma");
    static final Path FALCO_TRACES = Path.of("../../shared/corpus/falco-k8saudit/k8s_audit");
    static final ObjectMapper M = new ObjectMapper();

    private SigmaCorpus() {
    }

    static String missing() {
        return "Sigma corpus not found at " + ROOT.toAbsolutePath().normalize() + "; skipping";
    }

    static CompileResult compile(Path... files) {
        return RuleCompiler.compile(List.of(RuleLoader.load(files)), TuningConfig.none());
    }

    static CompileResult compileText(String name, String text) {
        return RuleCompiler.compile(List.of(RuleSetSource.of(name, text)), TuningConfig.none());
    }

    /** Events of a file read by {@code reader}; rejections are failures of the test data. */
    static List<Event> read(SourceReader reader, Path file) throws IOException {
        List<Diagnostics.Rejection> rejections = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        InputFile f = new InputFile(file);
        try (EventStream s = reader.open(f.openReader(), new ReadContext(f.name(), reader.type(),
                new Diagnostics(rejections::add)))) {
            Event e;
            while ((e = s.next()) != null) {
                events.add(e);
            }
        }
        if (!rejections.isEmpty()) {
            throw new AssertionError(file + ": " + rejections);
        }
        return events;
    }

    static JsonLogReader json(String... flatten) {
        return new JsonLogReader(JsonFlattener.of(List.of(flatten)));
    }

    /** A raw text log line as a generic event: {@code {"message": line}}. */
    static Event line(String text) {
        return Event.builder(JsonLogReader.TYPE).time(0).raw(M.createObjectNode().put("message", text))
                .put("message", text).build();
    }

    static boolean exists() {
        return Files.isDirectory(ROOT);
    }
}
