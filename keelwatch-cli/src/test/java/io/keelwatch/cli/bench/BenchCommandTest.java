package io.keelwatch.cli.bench;

import io.keelwatch.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code keelwatch bench} on a small corpus: every figure is printed, and the alerts agree across threads and copies. */
class BenchCommandTest {
    private static final Pattern SCAN = Pattern.compile(
            "scan, (\\d+)x rules \\((\\d+)\\), (\\d) threads? +([\\d,]+) +[\\d.]+ +(\\d+) +\\d+");

    @Test
    void printsTheYardstickEveryConfigurationAndTheRatios(@TempDir Path dir) throws Exception {
        String out = run("bench", "--events", "3000", "--rounds", "1", "--multipliers", "1,2", "--threads", "1,2",
                "--containers", "2000", "--dir", dir.toString());
        assertThat(out).containsPattern("corpus: 3,000 Kubernetes audit events")
                .containsPattern("jackson readTree \\(yardstick\\) +[\\d,]+ +[\\d.]+")
                .containsPattern("ratio scan\\(1x, 1 thread\\) / readTree: \\d+\\.\\d\\d")
                .containsPattern("ratio scan\\(1x, most threads\\) / readTree: \\d+\\.\\d\\d")
                .containsPattern("tracked containers: 2,000 take \\d+ MB");
        assertThat(Files.readAllLines(dir.resolve("audit.jsonl"))).hasSize(3000);

        Map<String, Long> alerts = new HashMap<>();
        Map<Integer, Integer> rules = new HashMap<>();
        Matcher m = SCAN.matcher(out);
        while (m.find()) {
            alerts.put(m.group(1) + "x/" + m.group(3), Long.parseLong(m.group(5)));
            rules.put(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            assertThat(Long.parseLong(m.group(4).replace(",", ""))).as("events/s of %s", m.group()).isPositive();
        }
        assertThat(alerts).containsOnlyKeys("1x/1", "1x/2", "2x/1", "2x/2");
        assertThat(alerts.get("1x/1")).as("the corpus holds attacks").isPositive();
        assertThat(alerts.get("1x/2")).as("same alerts on two threads").isEqualTo(alerts.get("1x/1"));
        assertThat(alerts.get("2x/2")).isEqualTo(alerts.get("2x/1"));
        assertThat(alerts.get("2x/1")).as("each copy of a rule alerts as the rule does").isEqualTo(2 * alerts.get("1x/1"));
        assertThat(rules.get(2)).isEqualTo(2 * rules.get(1));
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(Main.run(args)).isZero();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
