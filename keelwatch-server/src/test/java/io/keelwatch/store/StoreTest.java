package io.keelwatch.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.keelwatch.alert.Alert;
import io.keelwatch.alert.Evidence;
import io.keelwatch.alert.Priority;
import io.keelwatch.live.Inbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreTest {
    @TempDir
    Path dir;

    static Alert alert(String rule, String pod, long time, String file, long line) {
        return new Alert(time, rule, "Title of " + rule, Priority.HIGH, List.of("T1609"), List.of("execution"), null,
                "k8s_audit", Map.of("orchestrator.resource.name", pod), "summary " + pod,
                List.of(new Evidence(file, line, -1, time, "k8s_audit", "exec")), List.of(), 1, time, time, List.of());
    }

    @Test
    void appendStoresRecordsAndOffsetTogetherAndSurvivesReopen() throws IOException {
        Path db = dir.resolve("k.db");
        try (Store s = Store.open(db)) {
            s.append("file:/var/log/a.log", List.of(new Inbox.Record("dockerd_log", "a.log:1", "line one"),
                    new Inbox.Record("dockerd_log", "a.log:2", "line two")), "inode=5,pos=18");
            assertThat(s.offset("file:/var/log/a.log")).isEqualTo("inode=5,pos=18");
            assertThat(s.offset("other")).isNull();
        }
        try (Store s = Store.open(db)) {
            List<Store.InboxRow> rows = s.inbox(0, 10);
            assertThat(rows).extracting(Store.InboxRow::payload).containsExactly("line one", "line two");
            assertThat(rows.get(1).id()).isGreaterThan(rows.get(0).id());
            assertThat(s.inbox(rows.get(0).id(), 10)).hasSize(1);
            assertThat(s.lastInboxId()).isEqualTo(rows.get(1).id());
            assertThat(s.offset("file:/var/log/a.log")).isEqualTo("inode=5,pos=18");
        }
    }

    @Test
    void aFailedAppendStoresNeitherRecordsNorOffset() throws IOException {
        try (Store s = Store.open(dir.resolve("k.db"))) {
            s.append("in", List.of(new Inbox.Record("t", "o", "first")), "1");
            List<Inbox.Record> bad = new ArrayList<>();
            bad.add(new Inbox.Record("t", "o", "second"));
            bad.add(new Inbox.Record("t", "o", null)); // no payload: the batch fails
            assertThatThrownBy(() -> s.append("in", bad, "2")).isInstanceOf(IllegalArgumentException.class);
            assertThat(s.inbox(0, 10)).extracting(Store.InboxRow::payload).containsExactly("first");
            assertThat(s.offset("in")).isEqualTo("1");
        }
    }

    @Test
    void schemaIsVersionedAndANewerStoreIsRefused() throws Exception {
        Path db = dir.resolve("k.db");
        try (Store s = Store.open(db)) {
            s.tx(c -> {
                try (PreparedStatement p = c.prepareStatement("UPDATE meta SET value = '999' WHERE key = 'schema_version'")) {
                    return p.executeUpdate();
                }
            });
        }
        assertThatThrownBy(() -> Store.open(db)).isInstanceOf(IOException.class).hasMessageContaining("newer");
    }

    @Test
    void alertIdsAreStableAndAnAlertIsStoredOnce() throws IOException {
        try (Store s = Store.open(dir.resolve("k.db"))) {
            Alert a = alert("k8s-exec-into-pod", "web-1", 1_000_000_000L, "audit-webhook", 7);
            Alert sameAgain = alert("k8s-exec-into-pod", "web-1", 1_000_000_000L, "audit-webhook", 7);
            Alert other = alert("k8s-exec-into-pod", "web-1", 1_000_000_000L, "audit-webhook", 8);
            assertThat(AlertIds.of(a)).isEqualTo(AlertIds.of(sameAgain)).hasSize(32).isNotEqualTo(AlertIds.of(other));
            var first = s.alerts().commit(List.of(new AlertStore.NewAlert(a, List.of(
                    JsonNodeFactory.instance.objectNode().put("verb", "create")))), "p", new Store.State(3, "{}"));
            var second = s.alerts().commit(List.of(new AlertStore.NewAlert(sameAgain, List.of()),
                    new AlertStore.NewAlert(other, List.of())), "p", null);
            assertThat(first).hasSize(1);
            assertThat(second).extracting(AlertStore.StoredAlert::id).containsExactly(AlertIds.of(other));
            assertThat(s.alerts().count()).isEqualTo(2);
            assertThat(s.state("p")).isEqualTo(new Store.State(3, "{}"));
            AlertStore.Details d = s.alerts().details(AlertIds.of(a).substring(0, 8));
            assertThat(d.evidenceEvents()).hasSize(1);
            assertThat(d.evidenceEvents().get(0).path("verb").asText()).isEqualTo("create");
            assertThat(d.alert().json().path("rule").asText()).isEqualTo("k8s-exec-into-pod");
            assertThat(d.alert().json().path("id").asText()).isEqualTo(AlertIds.of(a));
        }
    }

    @Test
    void triageKeepsHistoryAndFiltersByStatus() throws IOException {
        try (Store s = Store.open(dir.resolve("k.db"))) {
            Alert a = alert("r1", "p1", 10, "f", 1);
            Alert b = alert("r2", "p2", 20, "f", 2);
            s.alerts().commit(List.of(new AlertStore.NewAlert(a, List.of()), new AlertStore.NewAlert(b, List.of())),
                    "p", null);
            String id = AlertIds.of(a);
            s.alerts().triage(id, "acknowledged", "looking", "alice");
            s.alerts().triage(id.substring(0, 6), "closed", "expected maintenance", "bob");
            AlertStore.Details d = s.alerts().details(id);
            assertThat(d.alert().status()).isEqualTo("closed");
            assertThat(d.history()).extracting(AlertStore.Triage::status).containsExactly("acknowledged", "closed");
            assertThat(d.history()).extracting(AlertStore.Triage::who).containsExactly("alice", "bob");
            assertThat(d.history().get(1).reason()).isEqualTo("expected maintenance");
            assertThat(s.alerts().list(new AlertStore.Query("open", null, null, null, 0)))
                    .extracting(AlertStore.StoredAlert::rule).containsExactly("r2");
            assertThat(s.alerts().list(new AlertStore.Query(null, null, null, null, 0)))
                    .extracting(AlertStore.StoredAlert::rule).containsExactly("r2", "r1");
            assertThatThrownBy(() -> s.alerts().triage(id, "done", null, "x"))
                    .hasMessageContaining("open, acknowledged or closed");
            assertThatThrownBy(() -> s.alerts().details("ffffffff")).hasMessageContaining("no alert");
        }
    }

    @Test
    void retentionRemovesOldAlertsAndOnlyProcessedInboxRows() throws IOException {
        Path db = dir.resolve("k.db");
        Clock old = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
        try (Store s = Store.open(db, old)) {
            s.appendAll("w", List.of(new Inbox.Record("t", "o", "a"), new Inbox.Record("t", "o", "b")));
            s.alerts().commit(List.of(new AlertStore.NewAlert(alert("r", "p", 1, "o", 1), List.of())), "pipeline",
                    new Store.State(1, null));
            s.alerts().triage(AlertIds.of(alert("r", "p", 1, "o", 1)), "closed", "ok", "me");
            s.spool().add("webhook:x", List.of("{}"));
        }
        Clock later = Clock.fixed(Instant.parse("2024-03-01T00:00:00Z"), ZoneOffset.UTC);
        try (Store s = Store.open(db, later)) {
            s.appendAll("w", List.of(new Inbox.Record("t", "o", "c")));
            s.alerts().commit(List.of(new AlertStore.NewAlert(alert("r", "q", 2, "o", 3), List.of())), "x", null);
            Store.Pruned p = s.prune(Duration.ofDays(30), "pipeline");
            assertThat(p).isEqualTo(new Store.Pruned(1, 1, 1));
            // row "b" is old but not processed yet (processed id 1): kept; "c" is new: kept
            assertThat(s.inbox(0, 10)).extracting(Store.InboxRow::payload).containsExactly("b", "c");
            assertThat(s.alerts().list(new AlertStore.Query(null, null, null, null, 0)))
                    .extracting(a -> a.json().path("entity").path("orchestrator.resource.name").asText())
                    .containsExactly("q");
            assertThat(s.spool().size("webhook:x")).isZero();
        }
    }
}
