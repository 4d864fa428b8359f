package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Times;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class K8sAuditReaderTest {
    private final K8sAuditReader reader = new K8sAuditReader();

    private ReaderHarness.Result mixed() {
        return ReaderHarness.readFixture(reader, K8sAuditReaderTest.class, "mixed.jsonl");
    }

    @Test
    void readsGoodLinesAndRejectsBadOnesWithFileAndLine() {
        ReaderHarness.Result r = mixed();
        assertThat(r.events()).hasSize(5);
        assertThat(r.events()).extracting(e -> e.origin().line()).containsExactly(1L, 2L, 4L, 7L, 9L);
        assertThat(r.rejections()).extracting(x -> x.origin().line()).containsExactly(3L, 5L, 6L, 10L);
        assertThat(r.rejections()).allSatisfy(x -> {
            assertThat(x.origin().file()).endsWith("mixed.jsonl");
            assertThat(x.sourceType()).isEqualTo("k8s_audit");
        });
        assertThat(r.reasons().get(0)).startsWith("malformed JSON");
        assertThat(r.reasons().get(1)).startsWith("data not recognized as a k8s audit event")
                .contains("\"kind\" is 0").contains("no \"verb\"");
        assertThat(r.reasons().get(2)).contains("expected a JSON object");
        assertThat(r.reasons().get(3)).contains("stageTimestamp");
    }

    @Test
    void execDecodesCommandAndContainer() {
        Event e = mixed().events().get(0);
        assertThat(e.source()).isEqualTo("k8s_audit");
        assertThat(e.timeNanos()).isEqualTo(Times.parse("2025-03-01T10:00:00.250Z"));
        assertThat(e.string(Fields.EVENT_KIND)).isEqualTo("exec");
        assertThat(e.action()).isEqualTo("create");
        assertThat(e.field(Fields.PROCESS_ARGS)).isEqualTo(List.of("sh", "-c", "cat /etc/shadow"));
        assertThat(e.string(Fields.PROCESS_COMMAND_LINE)).isEqualTo("sh -c cat /etc/shadow");
        assertThat(e.string(Fields.PROCESS_NAME)).isEqualTo("sh");
        assertThat(e.string(Fields.CONTAINER_NAME)).isEqualTo("cart");
        assertThat(e.string(Fields.ORCH_RESOURCE_TYPE)).isEqualTo("pods");
        assertThat(e.string(Fields.ORCH_SUBRESOURCE)).isEqualTo("exec");
        assertThat(e.string(Fields.ORCH_RESOURCE_NAME)).isEqualTo("cart-7d9f");
        assertThat(e.string(Fields.ORCH_NAMESPACE)).isEqualTo("shop");
        assertThat(e.string(Fields.ORCH_STAGE)).isEqualTo("ResponseStarted");
        assertThat(e.string(Fields.USER_NAME)).isEqualTo("dev-alice");
        assertThat(e.string(Fields.USER_ID)).isEqualTo("u-42");
        assertThat(e.field(Fields.USER_GROUPS)).isEqualTo(List.of("developers", "system:authenticated"));
        assertThat(e.string(Fields.SOURCE_IP)).isEqualTo("10.20.30.40");
        assertThat(e.string(Fields.USER_AGENT)).startsWith("kubectl/");
        assertThat(e.field(Fields.HTTP_STATUS)).isEqualTo(101L);
        assertThat(e.string(Fields.EVENT_OUTCOME)).isEqualTo("success");
        assertThat(e.string(Fields.URL_ORIGINAL)).startsWith("/api/v1/namespaces/shop/pods/cart-7d9f/exec?");
    }

    @Test
    void v1beta1TimestampAndFailureOutcome() {
        Event e = mixed().events().get(1);
        assertThat(e.timeNanos()).isEqualTo(Times.parse("2025-03-01T10:00:01Z"));
        assertThat(e.string(Fields.EVENT_KIND)).isEqualTo("api");
        assertThat(e.action()).isEqualTo("list");
        assertThat(e.string(Fields.ORCH_VERB)).isEqualTo("list");
        assertThat(e.field(Fields.HTTP_STATUS)).isEqualTo(403L);
        assertThat(e.string(Fields.EVENT_OUTCOME)).isEqualTo("failure");
        assertThat(FieldPath.parse("impersonatedUser.username").first(e)).isEqualTo("bob");
        assertThat(e.field(Fields.CONTAINER_PRIVILEGED)).isNull();
    }

    @Test
    void podCreateCarriesSecurityRelevantSpec() {
        Event e = mixed().events().get(2);
        assertThat(e.action()).isEqualTo("create");
        assertThat(e.string(Fields.ORCH_RESOURCE_NAME)).isEqualTo("debugger");
        assertThat(e.field(Fields.CONTAINER_PRIVILEGED)).isEqualTo(true); // the init container
        assertThat(e.field(Fields.CONTAINER_HOST_PID)).isEqualTo(true);
        assertThat(e.field(Fields.CONTAINER_HOST_NETWORK)).isEqualTo(false);
        assertThat(e.field(Fields.CONTAINER_HOST_IPC)).isEqualTo(false);
        assertThat(e.field(Fields.CONTAINER_HOST_PATHS)).isEqualTo(List.of("/"));
        assertThat(e.field(Fields.CONTAINER_CAP_ADD)).isEqualTo(List.of("SYS_ADMIN", "NET_RAW"));
        assertThat(e.string(Fields.CONTAINER_IMAGE)).isEqualTo("alpine:3.19");
        assertThat(FieldPath.parse("requestObject.spec.containers[*].image").values(e))
                .containsExactly("alpine:3.19", "nginx:1.25");
    }

    @Test
    void ephemeralContainerUpdateLooksAtTheEphemeralContainersOnly() {
        Event e = mixed().events().get(3);
        assertThat(e.string(Fields.ORCH_SUBRESOURCE)).isEqualTo("ephemeralcontainers");
        assertThat(e.action()).isEqualTo("patch");
        assertThat(e.field(Fields.CONTAINER_PRIVILEGED)).isEqualTo(true);
        assertThat(e.string(Fields.CONTAINER_IMAGE)).isEqualTo("nicolaka/netshoot");
    }

    @Test
    void recordWithoutKindIsAcceptedWhenItHasVerbAndTarget() {
        Event e = mixed().events().get(4);
        assertThat(e.action()).isEqualTo("get");
        assertThat(e.string(Fields.URL_ORIGINAL)).isEqualTo("/api/v1/nodes");
        assertThat(e.string(Fields.USER_NAME)).isEqualTo("kubelet");
    }

    @Test
    void eventListAndArrayDocumentsAreUnwrapped() {
        ReaderHarness.Result list = ReaderHarness.readFixture(reader, K8sAuditReaderTest.class, "eventlist.json");
        assertThat(list.rejections()).isEmpty();
        assertThat(list.events()).extracting(Event::action).containsExactly("create", "create");
        assertThat(list.events()).extracting(e -> e.origin().item()).containsExactly(0, 1);
        Event crb = list.events().get(0);
        assertThat(crb.string(Fields.ORCH_API_GROUP)).isEqualTo("rbac.authorization.k8s.io");
        assertThat(crb.string(Fields.ORCH_RESOURCE_NAME)).isEqualTo("pwn");
        Event deploy = list.events().get(1);
        assertThat(deploy.field(Fields.CONTAINER_HOST_NETWORK)).isEqualTo(true);
        assertThat(deploy.string(Fields.CONTAINER_IMAGE)).isEqualTo("xmrig/xmrig");

        ReaderHarness.Result arr = ReaderHarness.readFixture(reader, K8sAuditReaderTest.class, "array.json");
        assertThat(arr.events()).hasSize(2);
        assertThat(arr.rejections()).singleElement().satisfies(x -> {
            assertThat(x.origin().item()).isEqualTo(1);
            assertThat(x.reason()).startsWith(K8sAuditReader.NOT_AUDIT).contains("no \"verb\"");
        });
    }

    @Test
    void sniffRecognisesAuditLogsOnly() {
        assertThat(reader.sniff(ReaderHarness.head(K8sAuditReaderTest.class, "mixed.jsonl"))).isGreaterThanOrEqualTo(80);
        assertThat(reader.sniff(ReaderHarness.head(K8sAuditReaderTest.class, "eventlist.json"))).isGreaterThanOrEqualTo(80);
        assertThat(reader.sniff(ReaderHarness.headOf("{\"verb\":\"get\",\"requestURI\":\"/x\"}"))).isGreaterThanOrEqualTo(80);
        assertThat(reader.sniff(ReaderHarness.headOf("{\"kind\": 0}"))).isBetween(1, 10);
        assertThat(reader.sniff(ReaderHarness.headOf("time=\"2025-01-01T00:00:00Z\" level=info msg=x"))).isZero();
        assertThat(reader.sniff(ReaderHarness.headOf("{\"Type\":\"container\",\"Action\":\"start\"}"))).isZero();
    }

    @Test
    void fieldsAreOfTheDeclaredTypes() {
        for (Event e : mixed().events()) {
            for (Map.Entry<String, Object> f : e.fields().entrySet()) {
                assertThat(Fields.isKnown(f.getKey())).as(f.getKey()).isTrue();
            }
        }
    }

    @Test
    void theRejectionMembersAloneGiveTheSameVerdict() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> records = List.of(
                "{\"kind\":\"Event\",\"verb\":\"get\",\"requestURI\":\"/api\",\"stageTimestamp\":\"2026-11-23T10:00:00Z\","
                        + "\"user\":{\"username\":\"a\"},\"annotations\":{}}",
                "{\"kind\":\"Event\",\"verb\":\"create\",\"objectRef\":{\"resource\":\"pods\"},"
                        + "\"requestReceivedTimestamp\":\"2026-11-23T10:00:00.5Z\",\"responseStatus\":{\"code\":201}}",
                "{\"kind\":\"Event\",\"verb\":\"get\",\"requestURI\":\"/api\",\"timestamp\":\"not a time\"}",
                "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\"}}",
                "{\"kind\":0,\"verb\":\"\",\"stage\":\"ResponseComplete\"}",
                "{\"verb\":\"list\",\"objectRef\":\"pods\",\"stageTimestamp\":\"2026-11-23T10:00:00Z\"}");
        for (String r : records) {
            com.fasterxml.jackson.databind.node.ObjectNode full =
                    (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(r);
            com.fasterxml.jackson.databind.node.ObjectNode only = full.deepCopy();
            only.retain(K8sAuditReader.REJECTION_MEMBERS);
            assertThat(K8sAuditReader.rejection(only)).as(r).isEqualTo(K8sAuditReader.rejection(full));
        }
        assertThat(records).extracting(r -> K8sAuditReader.rejection(json.readTree(r)) == null)
                .containsExactly(true, true, false, false, false, false);
    }

    @Test
    void usualLinesAreReadWithoutATreeAndOddOnesTakeTheTreePath() {
        String line = "{\"kind\":\"Event\",\"level\":\"Metadata\",\"stage\":\"ResponseComplete\","
                + "\"requestURI\":\"/api/v1/namespaces/shop/pods\",\"verb\":\"list\",\"user\":{\"username\":"
                + "\"system:kube-scheduler\",\"groups\":[\"system:authenticated\"]},\"sourceIPs\":[\"10.0.2.1\"],"
                + "\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"shop\"},\"responseStatus\":{\"code\":200},"
                + "\"stageTimestamp\":\"2026-11-18T11:06:40.000095031Z\"}";
        AuditLineScanner scanner = new AuditLineScanner();
        AuditLineScanner.Read r = scanner.read(line);
        assertThat(r).isNotNull();
        assertThat(r.parts().username).isEqualTo("system:kube-scheduler");
        assertThat(r.parts().code).isEqualTo(200L);
        assertThat(r.raw().keys()).contains("kind", "objectRef", "stageTimestamp");
        assertThat(scanner.read(line.replace("\"verb\":\"list\"", "\"verb\":null"))).isNull();
        assertThat(scanner.read(line.replace("{\"code\":200}", "{\"code\":200.0}"))).isNull();
        assertThat(scanner.read(line + " x")).isNull();
        assertThat(scanner.read(line.replace("\"level\"", "\"verb\":\"get\",\"level\""))).isNull();
        // the tree path still reads what the scanner left to it, the same way
        Event e = ReaderHarness.read(reader, "odd.jsonl", line.replace("{\"code\":200}", "{\"code\":200.0}"))
                .events().get(0);
        assertThat(e.field(Fields.HTTP_STATUS)).isEqualTo(200L);
    }

    @Test
    void podDeleteInJsonLinesTakesTheLabelsFromTheResponse() {
        String line = "{\"kind\":\"Event\",\"stage\":\"ResponseComplete\",\"verb\":\"delete\","
                + "\"requestURI\":\"/api/v1/namespaces/shop/pods/web-1\",\"objectRef\":{\"resource\":\"pods\","
                + "\"namespace\":\"shop\",\"name\":\"web-1\"},\"responseObject\":{\"kind\":\"Pod\",\"metadata\":"
                + "{\"name\":\"web-1\",\"labels\":{\"app\":\"web\",\"tier\":\"front\"}}},"
                + "\"stageTimestamp\":\"2026-11-18T11:06:40Z\"}";
        assertThat(new AuditLineScanner().read(line)).isNotNull();
        for (String text : List.of(line, line.replace("\"stage\":", "\"stage\" :"),
                line.replace("\"stageTimestamp\"", "\"responseStatus\":{\"code\":200.0},\"stageTimestamp\""))) {
            Event e = ReaderHarness.read(reader, "delete.jsonl", text).events().get(0);
            assertThat(e.field(Fields.CONTAINER_LABELS)).as(text).isEqualTo(Map.of("app", "web", "tier", "front"));
        }
    }
}
