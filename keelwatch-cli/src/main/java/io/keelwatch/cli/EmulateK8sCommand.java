package io.keelwatch.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.emulate.Scenario;
import io.keelwatch.emulate.k8s.AuditWebhookPoster;
import io.keelwatch.emulate.k8s.K8sEmulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code keelwatch emulate k8s}: writes the Kubernetes audit events of attack scenarios and their benign
 * look-alikes (as JSON lines on stdout, to a capture directory, or POSTed to an audit webhook).
 */
@Command(name = "k8s", mixinStandardHelpOptions = true,
        description = "Write realistic Kubernetes API server audit events (level RequestResponse) of attack "
                + "scenarios and their benign look-alikes: JSON lines on stdout, audit.jsonl + labels.tsv with "
                + "--out, or EventList POSTs to an audit webhook with --post.")
final class EmulateK8sCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SCENARIO", arity = "0..*",
            description = "Scenarios to run (see --list), or all. Default: all.")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--list", description = "List the scenarios (name, kind, strategy, techniques, description).")
    boolean list;

    @Option(names = "--out", paramLabel = "DIR", description = "Write DIR/audit.jsonl and DIR/labels.tsv.")
    Path out;

    @Option(names = "--post", paramLabel = "URL",
            description = "POST the events to this audit webhook (e.g. http://127.0.0.1:8787/audit/webhook).")
    String post;

    @Option(names = "--token", paramLabel = "T", description = "Bearer token for --post.")
    String token;

    @Option(names = "--token-file", paramLabel = "F", description = "Read the bearer token for --post from a file.")
    Path tokenFile;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "100",
            description = "Events per POST. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of ids, names and jitter. Default: the start time in milliseconds.")
    Long seed;

    @Option(names = "--start", paramLabel = "RFC3339",
            description = "Time of the first request (e.g. 2026-03-12T09:14:00.117Z). Default: now.")
    String start;

    @Override
    public Integer call() throws Exception {
        return run(System.out, System.err);
    }

    int run(PrintStream stdout, PrintStream err) throws IOException {
        if (list) {
            printList(stdout);
            return Main.OK;
        }
        if (batchSize < 1) {
            throw new Main.UsageError("--batch-size must be at least 1");
        }
        URI url = post == null ? null : webhookUrl(post);
        String bearer = token(url != null);
        Instant t0 = startTime();
        long s = seed != null ? seed : t0.toEpochMilli();
        K8sEmulator.Run run;
        try {
            run = new K8sEmulator(s, t0).run(scenarios.isEmpty() ? List.of("all") : scenarios);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageError(e.getMessage());
        }
        String what = run.events().size() + " events of " + run.labels().size() + " scenarios (seed " + s
                + ", start " + t0 + ")";
        if (out != null) {
            run.write(out);
            err.println("keelwatch: " + what + " written to " + out.resolve("audit.jsonl") + " and labels.tsv");
        }
        if (url != null) {
            int n;
            try {
                n = new AuditWebhookPoster(url, bearer, batchSize).post(run.events());
            } catch (IOException e) {
                throw new IOException("posting to " + url + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            }
            err.println("keelwatch: " + n + " of " + what + " posted to " + url);
        }
        if (out == null && url == null) {
            PrintWriter w = new PrintWriter(new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8)));
            writeLines(w, run.events());
            w.flush();
        }
        return Main.OK;
    }

    private static void writeLines(Writer w, List<ObjectNode> events) throws IOException {
        for (ObjectNode e : events) {
            w.write(e.toString());
            w.write('\n');
        }
    }

    static void printList(PrintStream stdout) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"SCENARIO", "KIND", "STRATEGY", "TECHNIQUES", "DESCRIPTION"});
        for (Scenario s : K8sEmulator.scenarios()) {
            rows.add(new String[]{s.name(), s.kind(), s.strategy(), s.expect(), s.description()});
        }
        int[] width = new int[4];
        for (String[] r : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                b.append(String.format("%-" + width[i] + "s  ", r[i]));
            }
            stdout.println(b.append(r[4]));
        }
    }

    private static URI webhookUrl(String s) {
        try {
            URI u = new URI(s);
            if (u.getHost() == null || !("http".equalsIgnoreCase(u.getScheme())
                    || "https".equalsIgnoreCase(u.getScheme()))) {
                throw new Main.UsageError("--post needs an http:// or https:// URL, not '" + s + "'");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new Main.UsageError("--post: not a URL: " + e.getMessage());
        }
    }

    private String token(boolean posting) throws IOException {
        if (token != null && tokenFile != null) {
            throw new Main.UsageError("give --token or --token-file, not both");
        }
        if ((token != null || tokenFile != null) && !posting) {
            throw new Main.UsageError("--token and --token-file go with --post");
        }
        if (tokenFile != null) {
            if (!Files.isRegularFile(tokenFile)) {
                throw new Main.UsageError(tokenFile + ": no such token file");
            }
            return Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
        }
        return token;
    }

    private Instant startTime() {
        if (start == null) {
            return Instant.now();
        }
        try {
            return OffsetDateTime.parse(start).toInstant();
        } catch (DateTimeParseException e) {
            throw new Main.UsageError("--start must be an RFC 3339 time such as 2026-03-12T09:14:00Z, not '"
                    + start + "'");
        }
    }
}
