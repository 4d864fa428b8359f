package io.keelwatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code keelwatch demo}: scans the capture bundled with Keelwatch (recorded from a real Docker engine with
 * scripts/record-capture.sh, plus Kubernetes audit samples) and shows the alerts with a summary per strategy.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Scan the bundled capture (a real Docker engine's events, daemon log, stats, inventory and "
                + "packet capture, plus Kubernetes audit samples) and show the alerts.")
final class DemoCommand implements Callable<Integer> {
    static final String BASE = "io/keelwatch/demo/";
    static final List<String> FILES = List.of(
            "docker/events.jsonl", "docker/dockerd.log", "docker/stats.jsonl", "docker/inventory.json",
            "docker/appnet.pcap", "k8s/audit.jsonl");

    @Option(names = {"-o", "--format"}, defaultValue = "table", description = "table or json")
    String format;

    @Option(names = "--keep", paramLabel = "DIR", description = "Write the bundled files to DIR and keep them.")
    Path keep;

    @Override
    public Integer call() throws Exception {
        Path dir = keep != null ? keep : Files.createTempDirectory("keelwatch-demo");
        try {
            List<String> args = new ArrayList<>(List.of("--format", format, "--quiet"));
            for (String f : FILES) {
                Path target = dir.resolve(f);
                Files.createDirectories(target.getParent());
                try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(BASE + f)) {
                    if (in == null) {
                        throw new IOException("the bundled demo file " + f + " is missing from the jar");
                    }
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                args.add(target.toString());
            }
            if (format.equals("table")) {
                System.out.println("Keelwatch demo: scanning a capture recorded from a real Docker engine "
                        + "(events, daemon log, stats, inventory, packets) and Kubernetes audit samples.");
                System.out.println();
            }
            ScanCommand scan = new ScanCommand();
            CommandLine cl = new CommandLine(scan);
            cl.parseArgs(args.toArray(String[]::new));
            int code = scan.run(System.out, System.err, format.equals("table"));
            if (format.equals("table")) {
                System.out.println();
                System.out.println("Try: ./keelwatch rules list | ./keelwatch rules describe RULE | "
                        + "./keelwatch scan --format json FILES | ./keelwatch explain --rule RULE FILE");
                if (keep != null) {
                    System.out.println("The demo files are in " + dir);
                }
            }
            return code;
        } finally {
            if (keep == null) {
                deleteTree(dir);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
