package io.keelwatch.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.live.Inbox;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The webhook body reader: items taken from the body as sent, the whole body checked before anything is kept. */
class AuditBatchTest {
    private static final String A = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"verb\":\"get\","
            + "\"requestURI\":\"/api/v1/pods\",\"stageTimestamp\":\"2026-11-23T10:00:00.000000Z\","
            + "\"user\":{\"username\":\"jos\\u00e9 \\\"q\\\"\"},\"annotations\":{\"a\":[1,2,{\"b\":null}]},"
            + "\"note\":\"caf\u00e9 \u2713\"}";
    private static final String B = "{\"kind\":\"Event\",\"verb\":\"create\",\"objectRef\":{\"resource\":\"pods\"},"
            + "\"requestReceivedTimestamp\":\"2026-11-23T10:00:01Z\"}";

    private static List<Inbox.Record> parse(String body) throws AuditBatch.Invalid {
        return AuditBatch.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(String body) {
        try {
            parse(body);
        } catch (AuditBatch.Invalid e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + body);
    }

    @Test
    void eventListItemsAreKeptExactlyAsSent() throws Exception {
        List<Inbox.Record> r = parse("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},"
                + "\"items\":[" + A + ", " + B + "]}");
        assertThat(r).extracting(Inbox.Record::payload).containsExactly(A, B);
        assertThat(r).allSatisfy(x -> {
            assertThat(x.sourceType()).isEqualTo("k8s_audit");
            assertThat(x.origin()).isEqualTo(AuditBatch.ORIGIN);
        });
        assertThat(TestData.JSON.readTree(r.get(0).payload()).path("note").asText()).isEqualTo("caf\u00e9 \u2713");
    }

    @Test
    void aSingleEventAnArrayAndItemsBeforeKindAreTaken() throws Exception {
        assertThat(parse(A)).extracting(Inbox.Record::payload).containsExactly(A);
        assertThat(parse("[" + B + "," + A + "]")).extracting(Inbox.Record::payload).containsExactly(B, A);
        assertThat(parse("{\"items\":[" + B + "],\"kind\":\"EventList\"}")).extracting(Inbox.Record::payload)
                .containsExactly(B);
        assertThat(parse("{\"kind\":\"EventList\",\"items\":null}")).isEmpty();
        assertThat(parse("{\"kind\":\"EventList\"}")).isEmpty();
        assertThat(parse("[]")).isEmpty();
    }

    @Test
    void aPrettyPrintedItemIsStoredOnOneLineWithTheSameContent() throws Exception {
        String pretty = TestData.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(TestData.JSON.readTree(A));
        List<Inbox.Record> r = parse("{\"kind\":\"EventList\",\"items\":[\n" + pretty + "\n]}");
        assertThat(r.get(0).payload()).doesNotContain("\n");
        JsonNode back = TestData.JSON.readTree(r.get(0).payload());
        assertThat(back).isEqualTo(TestData.JSON.readTree(A));
    }

    @Test
    void aBodyWithAByteOrderMarkOrInUtf16IsReadToo() throws Exception {
        String list = "{\"kind\":\"EventList\",\"items\":[" + A + "," + B + "]}";
        byte[] utf8 = list.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        assertThat(AuditBatch.parse(bom)).extracting(Inbox.Record::payload).containsExactly(A, B);
        for (java.nio.charset.Charset cs : List.of(StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
            List<Inbox.Record> r = AuditBatch.parse(list.getBytes(cs));
            assertThat(r).as(cs.name()).hasSize(2);
            assertThat(TestData.JSON.readTree(r.get(0).payload())).isEqualTo(TestData.JSON.readTree(A));
            assertThat(TestData.JSON.readTree(r.get(0).payload()).path("note").asText()).isEqualTo("caf\u00e9 \u2713");
        }
    }

    @Test
    void badBodiesNameTheirProblem() {
        assertThat(reason("")).startsWith("empty body");
        assertThat(reason("42")).contains("not a number");
        assertThat(reason("{\"kind\":\"EventList\",\"items\":{}}")).isEqualTo("EventList 'items' must be an array");
        assertThat(reason("[" + A + ",7]")).isEqualTo("array element[1] is not a JSON object");
        assertThat(reason("{\"items\":[" + A + ",{\"kind\":0}]}")).startsWith("items[1]: ");
        assertThat(reason("{\"kind\":\"Event\",\"verb\":\"get\",\"requestURI\":\"/\"}")).startsWith("the event: ")
                .contains("stageTimestamp");
        assertThat(reason("{\"items\":[" + A + "]")).startsWith("malformed JSON").contains("line 1");
        assertThat(reason("{\"items\":[" + A + "]} {}")).startsWith("malformed JSON: more content");
        assertThat(reason("{\"items\":[" + B.replace("\"verb\":\"create\"", "\"verb\":\"create\",\"verb\":\"get\"")
                + "]}")).startsWith("malformed JSON").contains("verb");
    }

    @Test
    void aSyntaxErrorAfterGoodItemsRejectsTheBatch() {
        assertThat(reason("{\"items\":[" + A + "," + B + ",{\"verb\":]}")).startsWith("malformed JSON");
        assertThat(reason("{\"items\":[" + A + "],\"metadata\":{\"x\":tru}}")).startsWith("malformed JSON");
    }
}
