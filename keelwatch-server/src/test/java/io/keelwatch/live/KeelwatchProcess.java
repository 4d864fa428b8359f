package io.keelwatch.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@link LiveDaemonMain} in a child JVM, killed with SIGKILL by {@link #kill()}. */
final class KeelwatchProcess {
    final Process process;
    final Path log;
    final long startedAt;

    private KeelwatchProcess(Process process, Path log, long startedAt) {
        this.process = process;
        this.log = log;
        this.startedAt = startedAt;
    }

    static KeelwatchProcess start(Path store, DockerdSandbox sandbox, Path rules, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", cp,
                LiveDaemonMain.class.getName(), store.toString(), sandbox.dockerHost, sandbox.log.toString(),
                rules.toString());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!Files.readString(log).contains("READY")) {
            if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                p.destroyForcibly();
                throw new IOException("keelwatch did not start:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return new KeelwatchProcess(p, log, t0);
    }

    void kill() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();   // SIGKILL
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
