package io.keelwatch.cli;

import io.keelwatch.source.SourceReader;
import io.keelwatch.source.Sources;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code keelwatch sources}: the input formats Keelwatch reads. */
@Command(name = "sources", mixinStandardHelpOptions = true, description = "List the supported input formats.")
final class SourcesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (SourceReader r : Sources.defaults().all()) {
            System.out.printf("%-16s %s%n", r.type(), r.description());
        }
        return Main.OK;
    }
}
