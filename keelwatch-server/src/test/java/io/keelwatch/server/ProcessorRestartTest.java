package io.keelwatch.server;

import io.keelwatch.engine.Pipeline;
import io.keelwatch.live.Inbox;
import io.keelwatch.store.AlertStore;
import io.keelwatch.store.Store;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A crash at any point and a restart on the same store gives the alerts of one uninterrupted run, once each. */
class ProcessorRestartTest {
    @TempDir
    Path dir;

    private static final Processor.Settings SMALL_SNAPSHOTS =
            new Processor.Settings(16, 40, Duration.ofHours(1), false, Duration.ofMillis(10));

    private static final Processor.Settings NO_SNAPSHOTS =
            new Processor.Settings(16, Integer.MAX_VALUE, Duration.ofHours(1), false, Duration.ofMillis(10));

    private List<Inbox.Record> records() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(TestData.DOCKER_LIVE) && Files.isDirectory(TestData.FALCO),
                "corpus not present under " + TestData.CORPUS.toAbsolutePath().normalize() + "; skipped");
        List<Inbox.Record> rs = new ArrayList<>(TestData.dockerLiveRecords());
        int i = 0;
        for (var e : TestData.falcoEvents()) {
            rs.add(new Inbox.Record("k8s_audit", "falco:" + i++, e.toString()));
        }
        return rs;
    }

    private Processor processor(Store s, List<AlertStore.StoredAlert> sent) {
        return new Processor(s, TestData.rules(), Pipeline.Options.live(), SMALL_SNAPSHOTS, sent::addAll);
    }

    private static Map<String, String> alerts(Store s) throws IOException {
        return s.alerts().list(new AlertStore.Query(null, null, null, null, 0)).stream()
                .collect(Collectors.toMap(AlertStore.StoredAlert::id, a -> a.json().without(List.of("id", "status"))
                        .toString(), (a, b) -> a, TreeMap::new));
    }

    @Test
    void crashAndRestartGiveTheSameAlertsAsOneRun() throws Exception {
        List<Inbox.Record> all = records();
        Map<String, String> expected;
        List<AlertStore.StoredAlert> sentOnce = new ArrayList<>();
        try (Store s = Store.open(dir.resolve("one.db"))) {
            Processor p = processor(s, sentOnce);
            p.restore();
            s.appendAll("in", all);
            p.drain();
            p.finishInput();
            expected = alerts(s);
        }
        assertThat(expected).hasSizeGreaterThan(5);
        assertThat(sentOnce).hasSize(expected.size());

        for (int cut : new int[]{all.size() / 3, all.size() / 2, all.size() - 7}) {
            Path db = dir.resolve("crash-" + cut + ".db");
            List<AlertStore.StoredAlert> sent = new ArrayList<>();
            try (Store s = Store.open(db)) {
                Processor p = processor(s, sent);
                p.restore();
                s.appendAll("in", all.subList(0, cut / 2));
                while (p.step()) {
                    // process what is there; commits alerts at once, snapshots every 40 records in the background
                }
                p.drain();   // and a snapshot committed now, at cut / 2
                long snapshotAt = s.lastInboxId();
                // the same state carried on by a processor that takes no snapshot before it is killed
                Processor q = new Processor(s, TestData.rules(), Pipeline.Options.live(), NO_SNAPSHOTS, sent::addAll);
                q.restore();
                s.appendAll("in", all.subList(cut / 2, cut));
                while (q.step()) {
                    // process what is there; commits alerts at once
                }
                // killed here: no close, no final snapshot; the records after cut / 2 are processed again
                assertThat(q.readId()).isEqualTo(s.lastInboxId());
                assertThat(s.state(Processor.STATE_NAME).processedId()).isEqualTo(snapshotAt).isLessThan(cut);
            }
            try (Store s = Store.open(db)) {
                Processor p = processor(s, sent);
                p.restore();
                s.appendAll("in", all.subList(cut, all.size()));
                p.drain();
                p.finishInput();
                assertThat(alerts(s)).as("alerts after a crash at record %d", cut).isEqualTo(expected);
            }
            assertThat(sent).extracting(AlertStore.StoredAlert::id).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
        }
    }

    @Test
    void aCleanStopKeepsStateAndTheNextRunContinuesAfterIt() throws Exception {
        List<Inbox.Record> all = records();
        int cut = all.size() / 2;
        List<AlertStore.StoredAlert> sent = new ArrayList<>();
        Path db = dir.resolve("k.db");
        try (Store s = Store.open(db)) {
            Processor p = processor(s, sent);
            s.appendAll("in", all.subList(0, cut));
            p.start();
            long deadline = System.currentTimeMillis() + 20_000;
            long last = s.lastInboxId();
            while (p.readId() < last && System.currentTimeMillis() < deadline) {   // decoded and detected
                Thread.sleep(20);
            }
            p.close();
            assertThat(s.state(Processor.STATE_NAME).processedId()).isEqualTo(s.lastInboxId());
            assertThat(s.state(Processor.STATE_NAME).snapshot()).contains("\"detectors\"");
        }
        try (Store s = Store.open(db)) {
            Processor p = processor(s, sent);
            p.restore();
            assertThat(p.step()).isFalse(); // nothing is read again
            assertThat(p.diagnostics().totalRead()).isZero();
        }
    }
}
