package io.keelwatch.source;

import io.keelwatch.event.Event;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing lines ahead on other threads gives the events, rejections and counts of reading on one thread. */
class ReadAheadTest {
    private static final String GOOD = "{\"kind\":\"Event\",\"stage\":\"ResponseComplete\",\"verb\":\"%s\",\"requestURI\":"
            + "\"/api/v1/namespaces/ns%d/pods/p%d/exec?command=id&container=c\",\"user\":{\"username\":\"u%d\","
            + "\"groups\":[\"system:authenticated\"]},\"objectRef\":{\"resource\":\"pods\",\"subresource\":\"exec\","
            + "\"namespace\":\"ns%d\",\"name\":\"p%d\"},\"responseStatus\":{\"code\":%s},"
            + "\"stageTimestamp\":\"2026-11-18T11:06:%02d.%06dZ\"}";

    /** A mix: usual lines, odd ones the tree path reads, bad ones, blank ones, and a byte order mark on line 1. */
    private static String corpus(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("\uFEFF");
        for (int i = 0; i < n; i++) {
            int kind = i == 0 ? 5 : rnd.nextInt(20);     // line 1 decides JSON lines: a usual one
            String line = String.format(GOOD, i % 7 == 0 ? "create" : "get", i % 5, i, i % 3, i % 5, i,
                    kind == 0 ? "200.0" : "200", (i / 100) % 60, i);
            switch (kind) {
                case 1 -> line = line.substring(0, line.length() / 2);            // malformed
                case 2 -> line = "";                                              // blank
                case 3 -> line = line.replace("\"verb\":\"get\"", "\"verb\":null"); // rejected by the reader
                case 4 -> line = "[" + line + "," + line + "]";                  // an array of two records
                default -> {
                }
            }
            sb.append(line).append(i % 11 == 0 ? "\r\n" : "\n");
        }
        return sb.toString();
    }

    @Test
    void sameEventsAndRejectionsInTheSameOrder() {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (long seed = 1; seed <= 3; seed++) {
                String text = corpus(4 * ReadAhead.BATCH + 17, seed);
                ReaderHarness.Result one = ReaderHarness.read(new K8sAuditReader(), "a.jsonl", text);
                ReaderHarness.Result ahead = ReaderHarness.read(new K8sAuditReader(), "a.jsonl", text, pool);
                assertThat(one.events()).hasSizeGreaterThan(3 * ReadAhead.BATCH);
                assertThat(one.rejections()).isNotEmpty();
                assertThat(describe(ahead.events())).isEqualTo(describe(one.events()));
                assertThat(ahead.rejections()).isEqualTo(one.rejections());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> describe(List<Event> events) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            out.add(e.timeNanos() + " " + e.origin() + " " + e.fields() + " " + e.raw());
        }
        return out;
    }
}
