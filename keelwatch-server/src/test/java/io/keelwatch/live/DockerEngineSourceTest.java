package io.keelwatch.live;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class DockerEngineSourceTest {
    @TempDir
    Path dir;
    private final List<Thread> threads = new ArrayList<>();
    private final List<DockerEngineSource> sources = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        sources.forEach(DockerEngineSource::stop);
        for (Thread t : threads) {
            t.join(5_000);
        }
    }

    private DockerEngineSource start(FakeDocker docker, MemoryInbox inbox) {
        DockerEngineSource s = new DockerEngineSource(docker.engine.client());
        Thread t = new Thread(() -> {
            try {
                s.run(inbox);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "source");
        t.start();
        sources.add(s);
        threads.add(t);
        return s;
    }

    private static void awaitCondition(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!c.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("condition in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static Predicate<List<Inbox.Record>> count(int n) {
        return r -> r.size() >= n;
    }

    private static List<String> describe(List<Inbox.Record> records) {
        List<String> out = new ArrayList<>();
        for (Inbox.Record r : records) {
            String p = r.payload();
            if (r.sourceType().equals("docker_inspect")) {
                out.add("inspect " + p.replaceAll(".*\"Id\":\"([^\"]+)\".*", "$1"));
            } else {
                out.add(p.replaceAll(".*\"Action\":\"([^\"]+)\".*\"ID\":\"([^\"]+)\".*", "$1 $2"));
            }
        }
        return out;
    }

    @Test
    void resumesAfterADroppedStreamAndARestartWithoutLossOrRepeats() throws Exception {
        long t0 = System.currentTimeMillis() * 1_000_000L + 1_000_000_000L;
        MemoryInbox inbox = new MemoryInbox();
        try (FakeDocker docker = new FakeDocker(dir.resolve("e.sock"))) {
            docker.running.put("c1", "2026-01-01T00:00:00Z");
            DockerEngineSource s = start(docker, inbox);
            inbox.await(count(1), 10_000);
            awaitCondition(() -> s.connects() == 1);

            docker.running.put("c2", "2026-01-01T00:00:01Z");
            docker.emit(FakeDocker.event(t0 + 1, "c2", "create"));
            docker.emit(FakeDocker.event(t0 + 2, "c2", "start"));
            docker.emit(FakeDocker.event(t0 + 2, "c2", "exec_create: ps"));
            inbox.await(count(5), 10_000);

            docker.engine.dropAll();          // the engine went away and came back
            awaitCondition(() -> s.connects() == 2);
            assertThat(docker.sinces.get(1)).isEqualTo(DockerEngineClient.timestamp(t0 + 2));
            docker.running.remove("c2");
            docker.emit(FakeDocker.event(t0 + 3, "c2", "destroy"));
            inbox.await(count(6), 10_000);

            s.stop();                         // Keelwatch restarts
            threads.get(0).join(5_000);
            DockerEngineSource again = start(docker, inbox);
            awaitCondition(() -> again.connects() == 1);
            assertThat(docker.sinces.get(2)).isEqualTo(DockerEngineClient.timestamp(t0 + 3));
            docker.emit(FakeDocker.event(t0 + 4, "c1", "exec_create: id"));
            inbox.await(count(7), 10_000);
            Thread.sleep(300);   // anything repeated would arrive now
            assertThat(describe(inbox.records())).containsExactly(
                    "inspect c1", "create c2", "start c2", "inspect c2", "exec_create: ps c2", "destroy c2",
                    "exec_create: id c1");
            assertThat(inbox.records().get(0).origin()).isEqualTo(s.name() + "/inspect/c1@2026-01-01T00:00:00Z");
            assertThat(s.name()).isEqualTo("docker:unix://" + dir.resolve("e.sock"));
        }
    }

    @Test
    void aFailedAppendIsRetriedFromTheCommittedPosition() throws Exception {
        long t0 = System.currentTimeMillis() * 1_000_000L + 1_000_000_000L;
        MemoryInbox inbox = new MemoryInbox();
        try (FakeDocker docker = new FakeDocker(dir.resolve("e.sock"))) {
            DockerEngineSource s = start(docker, inbox);
            awaitCondition(() -> s.connects() == 1);
            inbox.failNextAppends(1);
            docker.emit(FakeDocker.event(t0 + 1, "c3", "create"));
            docker.emit(FakeDocker.event(t0 + 5, "c3", "die"));
            inbox.await(count(2), 10_000);
            Thread.sleep(300);
            assertThat(describe(inbox.records())).containsExactly("create c3", "die c3");
            assertThat(s.connects()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void offsetRoundTripsAndSkipsOnlyWhatWasAppended() {
        DockerOffset o = DockerOffset.start(100);
        assertThat(o.accept(100, "a")).isTrue();
        assertThat(o.accept(100, "a")).isFalse();
        assertThat(o.accept(100, "b")).isTrue();
        assertThat(o.markInventoried("0123456789abcdef", "T1")).isTrue();
        DockerOffset p = DockerOffset.parse(o.format());
        assertThat(p.since()).isEqualTo(100);
        assertThat(p.accept(100, "b")).isFalse();
        assertThat(p.markInventoried("0123456789abXXXX", "T1")).isFalse();   // same short id, same start
        assertThat(p.markInventoried("0123456789abcdef", "T2")).isTrue();    // restarted
        assertThat(p.accept(101, "a")).isTrue();
        assertThat(p.accept(100, "z")).isTrue();    // older: taken, position unchanged
        assertThat(p.since()).isEqualTo(101);
        assertThat(DockerOffset.parse("garbage")).isNull();
    }
}
