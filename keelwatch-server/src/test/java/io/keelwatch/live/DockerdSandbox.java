package io.keelwatch.live;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private dockerd for tests, run by {@code scripts/dockerd-sandbox.sh} in a directory of its own (its own data
 * root, socket and debug log), and the docker CLI pointed at it. Shared with other modules' tests through this
 * module's test jar.
 */
public final class DockerdSandbox implements AutoCloseable {
    public final Path dir;
    final Path script;
    public final String dockerHost;
    public final Path socket;
    public final Path log;
    private final String docker;

    private DockerdSandbox(Path dir, Path script, Map<String, String> env) {
        this.dir = dir;
        this.script = script;
        this.dockerHost = env.get("DOCKER_HOST");
        this.socket = Path.of(dockerHost.substring("unix://".length()));
        this.log = Path.of(env.get("KEELWATCH_DOCKERD_LOG"));
        this.docker = Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
    }

    /** Why a real dockerd cannot be used here, or null when it can. */
    public static String unavailable() {
        if (onPath("dockerd") == null) {
            return "dockerd is not installed (apt-get install docker.io busybox-static)";
        }
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!uid.equals("0")) {
                return "not root (uid " + uid + "): dockerd needs root";
            }
        } catch (IOException e) {
            return "cannot run id -u: " + e.getMessage();
        }
        return script() == null ? "scripts/dockerd-sandbox.sh not found above " + Path.of("").toAbsolutePath() : null;
    }

    static Path onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        for (String d : new String[]{"/usr/sbin", "/usr/bin", "/sbin"}) {
            if (Files.isExecutable(Path.of(d, program))) {
                return Path.of(d, program);
            }
        }
        return null;
    }

    static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("scripts/dockerd-sandbox.sh");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        return null;
    }

    /** Starts a sandbox in a new short directory under /tmp (the socket path must stay short). */
    public static DockerdSandbox start() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/docker")) && onPath("docker") == null) {
            throw new IOException("dockerd is installed but the docker CLI is not (apt-get install docker.io, "
                    + "or docker-cli where it is a package of its own)");
        }
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "kwit");
        Path script = script();
        Result r = run(List.of("bash", script.toString(), "start", dir.toString()), 180);
        if (r.code != 0) {
            run(List.of("bash", script.toString(), "purge", dir.toString()), 90);
            throw new IOException("sandbox did not start (exit " + r.code + "):\n" + r.output + r.errors);
        }
        Result env = run(List.of("bash", script.toString(), "env", dir.toString()), 30);
        Map<String, String> vars = new java.util.HashMap<>();
        for (String line : env.output.split("\n")) {
            if (line.startsWith("export ") && line.contains("=")) {
                String kv = line.substring(7);
                int eq = kv.indexOf('=');
                vars.put(kv.substring(0, eq), kv.substring(eq + 1).replaceAll("^'|'$", ""));
            }
        }
        return new DockerdSandbox(dir, script, vars);
    }

    /** Runs the docker CLI against the sandbox; fails on a non-zero exit. */
    public String docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(docker);
        cmd.addAll(List.of(args));
        Result r = runHere(cmd, 60);
        if (r.code != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + r.code + ": " + r.output + r.errors);
        }
        return r.output.strip();
    }

    /** Starts the docker CLI without waiting (bursts). */
    Process dockerAsync(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(docker);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DOCKER_HOST", dockerHost);
        return pb.start();
    }

    private record Result(int code, String output, String errors) {
    }

    private static Result run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        return run(cmd, timeoutSeconds, null);
    }

    private Result runHere(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        return run(cmd, timeoutSeconds, dockerHost);
    }

    private static Result run(List<String> cmd, int timeoutSeconds, String host) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (host != null) {
            pb.environment().put("DOCKER_HOST", host);
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // files, not pipes: a daemon the script leaves running must not hold our output open
        Path out = Files.createTempFile("kwit", ".out");
        Path err = Files.createTempFile("kwit", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            return done ? new Result(p.exitValue(), stdout, stderr)
                    : new Result(-1, stdout, "timed out: " + String.join(" ", cmd) + "\n" + stderr);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Removes every container, stops the daemon and deletes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            Result ids = runHere(List.of(docker, "ps", "-aq"), 30);
            if (ids.code == 0 && !ids.output.isBlank()) {
                List<String> rm = new ArrayList<>(List.of(docker, "rm", "-f"));
                rm.addAll(List.of(ids.output.strip().split("\\s+")));
                runHere(rm, 60);
            }
        } finally {
            run(List.of("bash", script.toString(), "purge", dir.toString()), 120);
        }
    }
}
