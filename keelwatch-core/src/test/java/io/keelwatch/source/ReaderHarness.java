package io.keelwatch.source;

import io.keelwatch.event.Event;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: runs a reader over text or a file and collects its events and rejections. */
final class ReaderHarness {
    /** The events read and the records rejected. */
    record Result(List<Event> events, List<Diagnostics.Rejection> rejections) {
        Event only() {
            if (events.size() != 1) {
                throw new AssertionError("expected one event, got " + events.size() + ": " + events + " " + rejections);
            }
            return events.get(0);
        }

        List<String> reasons() {
            return rejections.stream().map(Diagnostics.Rejection::reason).toList();
        }
    }

    private ReaderHarness() {
    }

    static Result read(SourceReader reader, String name, String text) {
        return read(reader, name, text, null);
    }

    /** Reads with lines parsed ahead on {@code ahead} (null: on the reading thread only). */
    static Result read(SourceReader reader, String name, String text, java.util.concurrent.Executor ahead) {
        List<Diagnostics.Rejection> rejections = new ArrayList<>();
        Diagnostics diag = new Diagnostics(rejections::add);
        List<Event> events = new ArrayList<>();
        try (EventStream s = reader.open(new StringReader(text), new ReadContext(name, reader.type(), diag, ahead))) {
            Event e;
            while ((e = s.next()) != null) {
                events.add(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(events, rejections);
    }

    static Result readFile(SourceReader reader, Path file) {
        List<Diagnostics.Rejection> rejections = new ArrayList<>();
        Diagnostics diag = new Diagnostics(rejections::add);
        List<Event> events = new ArrayList<>();
        InputFile f = new InputFile(file);
        try (EventStream s = reader.open(f.openReader(), new ReadContext(f.name(), reader.type(), diag))) {
            Event e;
            while ((e = s.next()) != null) {
                events.add(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(events, rejections);
    }

    /** A fixture under {@code fixtures/<TestClass>/}. */
    static Path fixture(Class<?> test, String name) {
        URL url = test.getResource("/fixtures/" + test.getSimpleName() + "/" + name);
        if (url == null) {
            throw new AssertionError("missing fixture " + test.getSimpleName() + "/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Result readFixture(SourceReader reader, Class<?> test, String name) {
        return readFile(reader, fixture(test, name));
    }

    static Head head(Class<?> test, String name) {
        try {
            return new InputFile(fixture(test, name)).head();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Head headOf(String text) {
        try {
            return InputFile.headOf("test", new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
