package io.keelwatch.live;

import io.keelwatch.engine.Pipeline;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleLoader;
import io.keelwatch.rule.TuningConfig;
import io.keelwatch.server.Daemon;
import io.keelwatch.server.Processor;
import io.keelwatch.source.Sources;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The live daemon as {@link RealDockerdTest} runs it, in a JVM of its own so that the test can kill it (SIGKILL)
 * and start it again on the same store: the built-in rules plus {@code RULES}, the Docker Engine at
 * {@code DOCKER_HOST} and the daemon log file, into the SQLite store at {@code STORE}. Prints {@code READY} once
 * started, then runs until killed.
 *
 * <p>Usage: {@code LiveDaemonMain STORE DOCKER_HOST DOCKERD_LOG RULES}
 */
public final class LiveDaemonMain {
    /** Live options of the test: no folding (each source's alert is its own) and 1 s lateness. */
    static final Pipeline.Options OPTIONS = Pipeline.Options.live().withSuppression(Duration.ofNanos(1))
            .withLateness(Duration.ofSeconds(1));

    private LiveDaemonMain() {
    }

    public static void main(String[] args) throws Exception {
        Path store = Path.of(args[0]);
        CompileResult rules = RuleCompiler.compile(List.of(RuleLoader.builtIn(), RuleLoader.load(Path.of(args[3]))),
                TuningConfig.defaults());
        if (!rules.errors().isEmpty()) {
            System.err.println("rule errors: " + rules.errors());
            System.exit(2);
        }
        List<LiveSource> sources = List.of(
                new DockerEngineSource(new DockerEngineClient(DockerEndpoint.of(args[1], System.getenv()))),
                new FileTailSource(Path.of(args[2]), null, Sources.defaults(), 100));
        Daemon d = Daemon.start(new Daemon.Settings(store, null, List.of(), OPTIONS, Processor.Settings.defaults(),
                null), rules.ruleSet(), sources);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                d.close();
            } catch (Exception ignored) {
                // exiting
            }
        }));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
