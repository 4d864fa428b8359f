package io.keelwatch.cli;

import io.keelwatch.engine.ParallelScan;
import io.keelwatch.engine.Pipeline;
import io.keelwatch.event.Event;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.source.EventStream;
import io.keelwatch.source.Inputs;
import io.keelwatch.source.Inventory;
import io.keelwatch.source.JsonFlattener;
import io.keelwatch.source.Sources;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Input options shared by the commands that read files. */
final class InputOptions {
    @Parameters(paramLabel = "PATH", arity = "1..*",
            description = "Files (plain or .gz) or directories. Formats are recognised from content.")
    List<Path> paths;

    @Option(names = "--source", paramLabel = "TYPE",
            description = "Read every file as this source type instead of recognising it (see `keelwatch sources`).")
    String source;

    @Option(names = "--flatten", paramLabel = "PREFIX", split = ",",
            description = "For the generic JSON source (--source json): lift the fields under these dotted prefixes to "
                    + "the top level (e.g. Event.System,Event.EventData; '*' matches any key).")
    List<String> flatten;

    @Option(names = "--strict", description = "Exit 1 when any record was rejected or any file was unreadable.")
    boolean strict;

    @Option(names = {"-q", "--quiet"}, description = "No progress or summary on stderr (rejections are still printed).")
    boolean quiet;

    @Option(names = "--max-errors", paramLabel = "N", defaultValue = "50",
            description = "Print at most N rejected records in full (all are counted). Default: ${DEFAULT-VALUE}.")
    int maxErrors;

    /** Result of reading: the diagnostics, to summarise and decide the exit code. */
    record Read(Diagnostics diagnostics, long events) {
    }

    /** Reads all inputs in time order and hands each event to {@code sink}. */
    Read read(PrintStream err, Consumer<Event> sink) throws IOException {
        return read(err, null, (s, progress) -> {
            long n = 0;
            Event e;
            while ((e = s.next()) != null) {
                sink.accept(e);
                n++;
                progress.tick(n);
            }
            return n;
        });
    }

    /** Reads all inputs in time order into {@code pipeline} (not finished) with {@code threads} threads. */
    Read read(PrintStream err, Pipeline pipeline, int threads) throws IOException {
        try (ParallelScan.ParsePool ahead = ParallelScan.parsePool(threads)) {
            return read(err, ahead.executor(), (s, progress) -> {
                long[] n = {0};
                ParallelScan.run(s, pipeline, threads, e -> progress.tick(++n[0]));
                return n[0];
            });
        }
    }

    private interface Drain {
        long drain(EventStream s, Progress progress) throws IOException;
    }

    private Read read(PrintStream err, java.util.concurrent.Executor ahead, Drain drain) throws IOException {
        int[] printed = {0};
        Diagnostics diag = new Diagnostics(r -> {
            if (r.sourceType().equals("file")) {
                err.println("keelwatch: " + r.origin().file() + ": " + r.reason());
            } else if (printed[0]++ < maxErrors) {
                err.println("keelwatch: rejected " + r);
            } else if (printed[0] == maxErrors + 1) {
                err.println("keelwatch: more rejected records are counted but not printed (--max-errors)");
            }
        });
        Sources sources = sources(flatten);
        if (source != null && sources.byType(source).isEmpty()) {
            throw new Main.UsageError("unknown source type '" + source + "' (see `keelwatch sources`)");
        }
        for (Path p : paths) {
            if (!java.nio.file.Files.exists(p)) {
                throw new Main.UsageError(p + ": no such file or directory");
            }
        }
        List<Inputs.Planned> plan = Inputs.plan(paths, source, sources, diag);
        Progress progress = new Progress(err, quiet);
        long n;
        try (EventStream s = Inputs.open(plan, diag, new Inventory(), ahead)) {
            n = drain.drain(s, progress);
        }
        progress.done();
        return new Read(diag, n);
    }

    /** The readers, with the JSON reader's {@code --flatten} prefixes when given. */
    static Sources sources(List<String> flatten) {
        if (flatten == null || flatten.isEmpty()) {
            return Sources.defaults();
        }
        try {
            return Sources.defaults().withFlatten(JsonFlattener.of(flatten));
        } catch (IllegalArgumentException e) {
            throw new Main.UsageError(e.getMessage());
        }
    }

    /** Prints the summary and returns the exit code the reading alone calls for. */
    int finish(Read r, PrintStream err) {
        if (!quiet) {
            err.println("keelwatch: " + r.diagnostics().summary());
        }
        boolean rejected = r.diagnostics().totalRejected() > 0;
        return strict && rejected ? Main.ERROR : Main.OK;
    }
}
