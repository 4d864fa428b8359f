package io.keelwatch.live;

import io.keelwatch.source.Sources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FileTailSourceTest {
    private static final String K8S = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","
            + "\"auditID\":\"%s\",\"stage\":\"ResponseComplete\",\"verb\":\"get\",\"user\":{\"username\":\"u\"},"
            + "\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"default\"},"
            + "\"requestReceivedTimestamp\":\"2024-01-01T00:00:00.000000Z\",\"stageTimestamp\":\"2024-01-01T00:00:00.000000Z\"}";

    @TempDir
    Path dir;
    private final List<Thread> threads = new ArrayList<>();
    private final List<FileTailSource> sources = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        sources.forEach(FileTailSource::stop);
        for (Thread t : threads) {
            t.join(5_000);
        }
    }

    private FileTailSource start(Path file, String type, MemoryInbox inbox) {
        FileTailSource s = new FileTailSource(file, type, Sources.defaults(), 20);
        Thread t = new Thread(() -> {
            try {
                s.run(inbox);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "tail");
        t.start();
        sources.add(s);
        threads.add(t);
        return s;
    }

    private void stop(FileTailSource s) throws InterruptedException {
        s.stop();
        threads.get(sources.indexOf(s)).join(5_000);
    }

    private static void append(Path f, String text) throws IOException {
        Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String k8s(String id) {
        return String.format(K8S, id) + "\n";
    }

    private static List<String> ids(MemoryInbox inbox) {
        return inbox.payloads().stream().map(p -> p.replaceAll(".*\"auditID\":\"([^\"]+)\".*", "$1")).toList();
    }

    @Test
    void detectsTheFormatAndHoldsAPartialLineUntilItEnds() throws Exception {
        Path f = dir.resolve("audit.log");
        append(f, k8s("a1") + k8s("a2") + String.format(K8S, "a3").substring(0, 40));
        MemoryInbox inbox = new MemoryInbox();
        FileTailSource s = start(f, null, inbox);
        inbox.await(r -> r.size() >= 2, 5_000);
        Thread.sleep(200);
        assertThat(ids(inbox)).containsExactly("a1", "a2");
        assertThat(s.sourceType()).isEqualTo("k8s_audit");
        assertThat(inbox.records().get(0).origin()).isEqualTo(f + "@0");
        append(f, String.format(K8S, "a3").substring(40) + "\r\n");
        inbox.await(r -> r.size() >= 3, 5_000);
        assertThat(ids(inbox)).containsExactly("a1", "a2", "a3");
        assertThat(inbox.payloads().get(2)).endsWith("}");
        assertThat(inbox.offset(s.name())).endsWith(" " + Files.size(f));
    }

    @Test
    void resumesAfterARestartWithoutRepeating() throws Exception {
        Path f = dir.resolve("audit.log");
        append(f, k8s("a1"));
        MemoryInbox inbox = new MemoryInbox();
        FileTailSource s = start(f, null, inbox);
        inbox.await(r -> r.size() >= 1, 5_000);
        stop(s);
        append(f, k8s("a2"));                     // written while Keelwatch is down
        start(f, null, inbox);
        append(f, k8s("a3"));
        inbox.await(r -> r.size() >= 3, 5_000);
        Thread.sleep(200);
        assertThat(ids(inbox)).containsExactly("a1", "a2", "a3");
    }

    @Test
    void followsARenameRotationFinishingTheOldFileFirst() throws Exception {
        Path f = dir.resolve("audit.log");
        append(f, k8s("a1"));
        MemoryInbox inbox = new MemoryInbox();
        start(f, null, inbox);
        inbox.await(r -> r.size() >= 1, 5_000);
        try (RandomAccessFile old = new RandomAccessFile(f.toFile(), "rw")) {
            Files.move(f, dir.resolve("audit.log.1"));
            append(f, k8s("b1"));                 // the new file
            old.seek(old.length());
            old.write(k8s("a2").getBytes(StandardCharsets.UTF_8));   // the writer still had the old one open
        }
        inbox.await(r -> r.size() >= 3, 5_000);
        Thread.sleep(200);
        assertThat(ids(inbox)).containsExactly("a1", "a2", "b1");
    }

    @Test
    void afterARestartFinishesTheRotatedFileThenReadsTheNewOne() throws Exception {
        Path f = dir.resolve("audit.log");
        append(f, k8s("a1"));
        MemoryInbox inbox = new MemoryInbox();
        FileTailSource s = start(f, null, inbox);
        inbox.await(r -> r.size() >= 1, 5_000);
        stop(s);
        append(f, k8s("a2"));
        Files.move(f, dir.resolve("audit.log.1"));
        append(f, k8s("b1"));
        start(f, null, inbox);
        inbox.await(r -> r.size() >= 3, 5_000);
        Thread.sleep(200);
        assertThat(ids(inbox)).containsExactly("a1", "a2", "b1");
    }

    @Test
    void followsACopyTruncateRotation() throws Exception {
        Path f = dir.resolve("audit.log");
        append(f, k8s("a1") + k8s("a2"));
        MemoryInbox inbox = new MemoryInbox();
        start(f, null, inbox);
        inbox.await(r -> r.size() >= 2, 5_000);
        Files.copy(f, dir.resolve("audit.log.1"));
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(0);
        }
        Thread.sleep(100);
        append(f, k8s("b1"));
        inbox.await(r -> r.size() >= 3, 5_000);
        Thread.sleep(200);
        assertThat(ids(inbox)).containsExactly("a1", "a2", "b1");
    }

    @Test
    void dockerdCallsTravelWithTheirFormData() throws Exception {
        Path f = dir.resolve("dockerd.log");
        String call = "time=\"2026-11-23T17:27:00.830741164Z\" level=debug msg=\"Calling POST /v1.41/containers/create\"\n";
        String form = "time=\"2026-11-23T17:27:00.831042289Z\" level=debug msg=\"form data: {\\\"Image\\\":\\\"busybox\\\"}\"\n";
        String other = "time=\"2026-11-23T17:27:00.9Z\" level=info msg=\"Loading containers: done.\"\n";
        append(f, other + call);
        MemoryInbox inbox = new MemoryInbox();
        start(f, null, inbox);
        inbox.await(r -> r.size() >= 1, 5_000);
        Thread.sleep(100);                        // the call waits for the next line
        assertThat(inbox.records()).hasSize(1);
        append(f, form + call);
        inbox.await(r -> r.size() >= 3, 5_000);   // the last call goes alone once the file is quiet
        List<String> p = inbox.payloads();
        assertThat(p.get(1)).isEqualTo(call.strip() + "\n" + form.strip());
        assertThat(p.get(2)).isEqualTo(call.strip());
        assertThat(inbox.records().get(0).sourceType()).isEqualTo("dockerd_log");
    }

    @Test
    void auditRecordsOfOneEventTravelTogether() throws Exception {
        Path f = dir.resolve("audit.log");
        String a = "type=SYSCALL msg=audit(1700000000.100:7): arch=c000003e syscall=59 success=yes exe=\"/bin/ls\"\n"
                + "type=EXECVE msg=audit(1700000000.100:7): argc=1 a0=\"ls\"\n"
                + "type=EOE msg=audit(1700000000.100:7): \n";
        String b = "type=USER_LOGIN msg=audit(1700000001.000:8): pid=1 uid=0 msg='op=login'\n";
        append(f, a + b);
        MemoryInbox inbox = new MemoryInbox();
        FileTailSource s = start(f, null, inbox);
        inbox.await(r -> r.size() >= 2, 5_000);
        assertThat(s.sourceType()).isEqualTo("auditd");
        assertThat(inbox.payloads().get(0).split("\n")).hasSize(3);
        assertThat(inbox.payloads().get(1)).isEqualTo(b.strip());
    }

    @Test
    void zeekDataLinesCarryTheirHeaderAlsoAfterAResume() throws Exception {
        Path f = dir.resolve("conn.log");
        String header = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
                + "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tconn_state\n"
                + "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\n";
        String d1 = "1700000000.1\tC1\t10.0.0.1\t5000\t10.0.0.2\t80\ttcp\tSF\n";
        String d2 = "1700000001.1\tC2\t10.0.0.1\t5001\t10.0.0.2\t80\ttcp\tSF\n";
        append(f, header + d1);
        MemoryInbox inbox = new MemoryInbox();
        FileTailSource s = start(f, null, inbox);
        inbox.await(r -> r.size() >= 1, 5_000);
        assertThat(s.sourceType()).isEqualTo("zeek_conn");
        assertThat(inbox.payloads().get(0)).isEqualTo(header + d1.strip());
        stop(s);
        append(f, d2);
        start(f, null, inbox);
        inbox.await(r -> r.size() >= 2, 5_000);
        assertThat(inbox.payloads().get(1)).isEqualTo(header + d2.strip());
    }

    @Test
    void aFailedAppendIsRetriedFromTheCommittedOffset() throws Exception {
        Path f = dir.resolve("audit.log");
        append(f, k8s("a1"));
        MemoryInbox inbox = new MemoryInbox();
        start(f, null, inbox);
        inbox.await(r -> r.size() >= 1, 5_000);
        inbox.failNextAppends(1);
        append(f, k8s("a2") + k8s("a3"));
        inbox.await(r -> r.size() >= 3, 5_000);
        Thread.sleep(200);
        assertThat(ids(inbox)).containsExactly("a1", "a2", "a3");
    }

    @Test
    void waitsForTheFileToAppear() throws Exception {
        Path f = dir.resolve("later.log");
        MemoryInbox inbox = new MemoryInbox();
        FileTailSource s = start(f, null, inbox);
        Thread.sleep(100);
        append(f, k8s("x1"));
        inbox.await(r -> r.size() >= 1, 5_000);
        assertThat(s.name()).isEqualTo("file:" + f.toAbsolutePath());
    }

    @Test
    void prettyPrintedDocumentsAreRecognisedAsNotFollowable() {
        org.assertj.core.api.Assertions.assertThat(FileTailSource.spreadOverLines("[")).isTrue();
        org.assertj.core.api.Assertions.assertThat(FileTailSource.spreadOverLines("  {  ")).isTrue();
        org.assertj.core.api.Assertions.assertThat(FileTailSource.spreadOverLines("{\"Type\":\"container\"}")).isFalse();
        org.assertj.core.api.Assertions.assertThat(FileTailSource.spreadOverLines("time=\"x\" level=info")).isFalse();
    }
}
