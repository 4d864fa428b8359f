package io.keelwatch.rule.sigma;

import io.keelwatch.alert.Alert;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.RuleError;
import io.keelwatch.source.AuditdReader;
import io.keelwatch.source.ZeekConnReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Sigma logsources mapped by the pipeline onto Keelwatch readers: auditd (process_creation, auditd) and flows. */
class SigmaLogSourcesTest {
    static final String AUDIT = String.join("\n",
            "type=SYSCALL msg=audit(1772359200.100:1001): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 "
                    + "a3=0 items=1 ppid=4100 pid=4242 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 "
                    + "fsgid=0 tty=pts0 ses=3 comm=\"ls\" exe=\"/usr/bin/ls\" key=\"exec\"",
            "type=EXECVE msg=audit(1772359200.100:1001): argc=3 a0=\"ls\" a1=\"-la\" a2=\"/.dockerenv\"",
            "type=EOE msg=audit(1772359200.100:1001):",
            "type=SYSCALL msg=audit(1772359201.100:1002): arch=c000003e syscall=99 success=yes exit=0 a0=1 a1=2 a2=3 "
                    + "a3=0 items=0 ppid=1 pid=5000 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 "
                    + "fsgid=0 tty=pts0 ses=3 comm=\"uptime\" exe=\"/usr/bin/uptime\" key=\"discovery_sysinfo_syscall\""
                    + "\u001dARCH=x86_64 SYSCALL=sysinfo AUID=\"alice\"",   // enriched log format
            "type=EOE msg=audit(1772359201.100:1002):", "");

    static Set<String> fired(CompileResult r, List<Event> events) {
        assertThat(r.errors()).isEmpty();
        Set<String> out = new TreeSet<>();
        for (Event e : events) {
            r.ruleSet().evaluate(e, (Alert a) -> out.add(a.rule()));
        }
        return out;
    }

    static List<Event> read(io.keelwatch.source.SourceReader reader, String text) throws IOException {
        Path f = Files.createTempFile("kw", ".log");
        try {
            Files.writeString(f, text);
            return SigmaCorpus.read(reader, f);
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void linuxRulesRunOnAuditd() throws IOException {
        Assumptions.assumeTrue(SigmaCorpus.exists(), SigmaCorpus.missing());
        Path rules = SigmaCorpus.ROOT.resolve("rules/rules/linux");
        CompileResult r = SigmaCorpus.compile(rules.resolve("process_creation/proc_creation_lnx_susp_dockerenv_recon.yml"),
                rules.resolve("auditd/syscall/lnx_auditd_susp_discovery_sysinfo_syscall.yml"),
                rules.resolve("process_creation/proc_creation_lnx_system_network_discovery.yml"));
        assertThat(fired(r, read(new AuditdReader(), AUDIT)))
                .containsExactly("11701de9-d5a5-44aa-8238-84252f131895", "b207d563-a1d9-4275-b349-77d1eb55aa6d");
    }

    @Test
    void unmappedFieldsAreReported() {
        CompileResult r = SigmaCorpus.compileText("p.yml", "title: Parent\nid: p\nlogsource:\n  product: linux\n"
                + "  category: process_creation\ndetection:\n  s:\n    ParentImage|endswith: /sshd\n  condition: s\n");
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).extracting(RuleError::message)
                .anySatisfy(m -> assertThat(m).contains("fields [ParentImage] have no mapping"));
    }

    @Test
    void networkConnectionRulesRunOnFlows() throws IOException {
        CompileResult r = SigmaCorpus.compileText("n.yml", """
                title: Postgres from outside the app network
                id: pg
                logsource:
                  category: network_connection
                detection:
                  s:
                    DestinationPort: 5432
                  f:
                    SourceIp|cidr: 10.0.0.0/8
                  condition: s and not f
                """);
        List<Event> flows = read(new ZeekConnReader(), "{\"ts\":1795443415.6,\"uid\":\"C1\",\"id.orig_h\":\"172.19.0.5\","
                + "\"id.orig_p\":50526,\"id.resp_h\":\"172.19.0.3\",\"id.resp_p\":5432,\"proto\":\"tcp\",\"conn_state\":\"SF\"}\n"
                + "{\"ts\":1795443416.6,\"uid\":\"C2\",\"id.orig_h\":\"10.0.0.5\",\"id.orig_p\":50527,\"id.resp_h\":"
                + "\"172.19.0.3\",\"id.resp_p\":5432,\"proto\":\"tcp\",\"conn_state\":\"SF\"}\n");
        List<String> hits = new ArrayList<>();
        flows.forEach(e -> r.ruleSet().evaluate(e, a -> hits.add(a.rule() + "@" + e.field("source.ip"))));
        assertThat(hits).containsExactly("pg@172.19.0.5");
    }
}
