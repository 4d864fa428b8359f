package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.event.Fields;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuditdReaderTest {
    private final AuditdReader reader = new AuditdReader();

    private ReaderHarness.Result read() {
        return ReaderHarness.readFixture(reader, AuditdReaderTest.class, "audit.log");
    }

    @Test
    void recordsAreGroupedPerEventAndBadLinesRejected() {
        ReaderHarness.Result r = read();
        assertThat(r.events()).extracting(e -> e.origin().line()).containsExactly(1L, 8L, 9L, 14L, 17L, 18L, 21L);
        assertThat(r.rejections()).extracting(x -> x.origin().line()).containsExactly(15L, 16L);
        assertThat(r.rejections()).allSatisfy(x -> assertThat(x.origin().file()).endsWith("audit.log"));
        assertThat(r.reasons()).allSatisfy(reason -> assertThat(reason).startsWith("not an audit record"));
        assertThat(r.events()).extracting(Event::action)
                .containsExactly("execve", "connect", "openat", "user_login", "linkat", "syscall_999", "avc");
        assertThat(r.events()).allSatisfy(e -> assertThat(e.string(Fields.EVENT_KIND)).isNotNull());
    }

    @Test
    void execveEventDecodesArgumentsPathsAndKey() {
        Event e = read().events().get(0);
        assertThat(e.timeNanos()).isEqualTo(1_772_359_200_100_000_000L);
        assertThat(e.string(Fields.EVENT_KIND)).isEqualTo("process");
        assertThat(e.string(Fields.EVENT_OUTCOME)).isEqualTo("success");
        assertThat(e.string(Fields.PROCESS_EXECUTABLE)).isEqualTo("/usr/bin/curl");
        assertThat(e.string(Fields.PROCESS_NAME)).isEqualTo("curl");
        assertThat(e.field(Fields.PROCESS_PID)).isEqualTo(4242L);
        assertThat(e.string(Fields.USER_ID)).isEqualTo("0");
        assertThat(e.field(Fields.PROCESS_ARGS)).isEqualTo(List.of("curl", "-s", "http://10.0.0.9/a b", "-H X: abc"));
        assertThat(e.string(Fields.PROCESS_COMMAND_LINE)).isEqualTo("curl -s http://10.0.0.9/a b -H X: abc");
        assertThat(e.field(Fields.FILE_PATHS)).isEqualTo(List.of("/usr/bin/curl", "/lib64/ld-linux-x86-64.so.2"));
        assertThat(e.string(Fields.FILE_PATH)).isEqualTo("/usr/bin/curl");
        assertThat(e.field(Fields.AUDITD_KEY)).isEqualTo(List.of("recon"));
        assertThat(FieldPath.parse("SYSCALL.exe").first(e)).isEqualTo("/usr/bin/curl");
        assertThat(FieldPath.parse("CWD.cwd").first(e)).isEqualTo("/root");
        assertThat(FieldPath.parse("PATH.name").values(e)).hasSize(2);
        assertThat(FieldPath.parse("EXECVE.a2").first(e)).isEqualTo("http://10.0.0.9/a b");
        assertThat(FieldPath.parse("auditd.key").first(e)).isEqualTo("recon");
    }

    @Test
    void interleavedGroupsAreKeptApart() {
        List<Event> ev = read().events();
        Event connect = ev.get(1);
        assertThat(connect.string(Fields.EVENT_KIND)).isEqualTo("network");
        assertThat(connect.string(Fields.EVENT_OUTCOME)).isEqualTo("failure");
        assertThat(connect.string(Fields.DEST_IP)).isEqualTo("192.168.1.5");
        assertThat(connect.field(Fields.DEST_PORT)).isEqualTo(8080L);
        assertThat(connect.field(Fields.PROCESS_ARGS)).isEqualTo(List.of("nc", "-z", "192.168.1.5", "8080"));
        assertThat(connect.fields()).doesNotContainKey(Fields.AUDITD_KEY);
        assertThat(FieldPath.parse("SOCKADDR.saddr_fam").first(connect)).isEqualTo("inet");
        Event open = ev.get(2);
        assertThat(open.string(Fields.EVENT_KIND)).isEqualTo("file");
        assertThat(open.string(Fields.FILE_PATH)).isEqualTo("/etc/shadow");            // not the PARENT
        assertThat(open.field(Fields.FILE_PATHS)).isEqualTo(List.of("/etc/", "/etc/shadow"));
        assertThat(open.field(Fields.AUDITD_KEY)).isEqualTo(List.of("secrets", "etc"));  // hex, \x01-separated
    }

    @Test
    void userMessageBodiesAreParsed() {
        Event login = read().events().get(3);
        assertThat(login.string(Fields.EVENT_KIND)).isEqualTo("log");
        assertThat(login.string(Fields.HOST_NAME)).isEqualTo("bastion");
        assertThat(login.string(Fields.USER_NAME)).isEqualTo("(invalid user)");
        assertThat(login.string(Fields.EVENT_OUTCOME)).isEqualTo("failure");
        assertThat(login.string(Fields.PROCESS_EXECUTABLE)).isEqualTo("/usr/sbin/sshd");
        assertThat(FieldPath.parse("USER_LOGIN.addr").first(login)).isEqualTo("203.0.113.9");
        assertThat(FieldPath.parse("USER_LOGIN.op").first(login)).isEqualTo("login");
    }

    @Test
    void archTablesAndUnknownSyscalls() {
        List<Event> ev = read().events();
        assertThat(ev.get(4).action()).isEqualTo("linkat");             // aarch64 37
        assertThat(ev.get(4).field(Fields.AUDITD_KEY)).isEqualTo(List.of("links"));
        Event avc = ev.get(5);
        assertThat(avc.action()).isEqualTo("syscall_999");
        assertThat(FieldPath.parse("AVC.seresult").first(avc)).isEqualTo("denied");
        assertThat(FieldPath.parse("AVC.seperms").first(avc)).isEqualTo("write");
        Event kernel = ev.get(6);
        assertThat(kernel.action()).isEqualTo("avc");
        assertThat(FieldPath.parse("AVC.apparmor").first(kernel)).isEqualTo("DENIED");
        assertThat(AuditSyscalls.name("c000003e", "59")).isEqualTo("execve");
        assertThat(AuditSyscalls.name("c00000b7", "221")).isEqualTo("execve");
        assertThat(AuditSyscalls.name("40000003", "11")).isEqualTo("syscall_11");
    }

    @Test
    void openGroupsAreBoundedAndStaleGroupsFlushed() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 70; i++) {
            sb.append("type=SYSCALL msg=audit(1700000000.000:").append(i)
                    .append("): arch=c000003e syscall=2 success=yes exit=3 pid=").append(i).append(" comm=\"x\"\n");
        }
        sb.append("type=PROCTITLE msg=audit(1700000000.000:1): proctitle=\"late\"\n");
        ReaderHarness.Result r = ReaderHarness.read(reader, "many.log", sb.toString());
        assertThat(r.rejections()).isEmpty();
        assertThat(r.events()).hasSize(71);
        assertThat(r.events().get(0).fields()).doesNotContainKey(Fields.PROCESS_ARGS);
    }

    @Test
    void executionArgumentsSplitAcrossRecordsAndPieces() {
        assertThat(AuditEvents.execveArgs(java.util.Map.of("argc", "3", "a0", "sh", "a1", "-c",
                "a2_len", "9", "a2[0]", "echo ", "a2[1]", "hi"))).containsExactly("sh", "-c", "echo hi");
    }

    @Test
    void sniff() {
        assertThat(Sources.defaults().detect(ReaderHarness.head(AuditdReaderTest.class, "audit.log")))
                .map(SourceReader::type).contains(AuditdReader.TYPE);
        assertThat(reader.sniff(ReaderHarness.headOf(
                "node=h type=SYSCALL msg=audit(1.5:2): arch=c000003e syscall=59\n"))).isEqualTo(95);
        for (String other : SniffSamples.OTHERS) {
            assertThat(reader.sniff(ReaderHarness.headOf(other))).as(other).isZero();
        }
    }
}
