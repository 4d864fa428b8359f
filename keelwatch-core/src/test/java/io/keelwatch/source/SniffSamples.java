package io.keelwatch.source;

import java.util.List;

/** Heads of formats that the metric, flow and auditd readers must not claim. */
final class SniffSamples {
    static final List<String> OTHERS = List.of(
            // Kubernetes audit event (JSON line)
            "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\",\"auditID\":\"1\","
                    + "\"stage\":\"ResponseComplete\",\"requestURI\":\"/api/v1/namespaces/default/pods\",\"verb\":\"list\","
                    + "\"user\":{\"username\":\"admin\"},\"sourceIPs\":[\"10.0.0.1\"],"
                    + "\"requestReceivedTimestamp\":\"2026-01-01T00:00:00.000000Z\"}\n",
            // Docker events (current and legacy shape)
            "{\"status\":\"start\",\"id\":\"abc\",\"from\":\"busybox\",\"Type\":\"container\",\"Action\":\"start\","
                    + "\"Actor\":{\"ID\":\"abc\",\"Attributes\":{\"name\":\"web\"}},\"scope\":\"local\",\"time\":1700000000,"
                    + "\"timeNano\":1700000000000000000}\n",
            // dockerd logrus text
            "time=\"2026-01-01T00:00:00.000000000Z\" level=debug msg=\"Calling GET /v1.41/containers/json\"\n"
                    + "time=\"2026-01-01T00:00:01.000000000Z\" level=info msg=\"Loading containers: done.\"\n",
            // docker inspect array
            "[\n    {\n        \"Id\": \"abc\",\n        \"Created\": \"2026-01-01T00:00:00Z\",\n        \"Path\": \"sh\",\n"
                    + "        \"State\": {\"Status\": \"running\"},\n        \"Name\": \"/web\",\n"
                    + "        \"HostConfig\": {\"Privileged\": false},\n"
                    + "        \"NetworkSettings\": {\"Networks\": {\"appnet\": {\"IPAddress\": \"172.19.0.2\"}}}\n    }\n]\n",
            // plain text and space-separated words
            "the quick brown fox jumps over the lazy dog\nand then some more words follow here\n",
            "1 2 3 4 5 6 7 8 9 10 11 12 13 14\n",
            // go-libaudit style YAML test table (audit lines indented inside YAML)
            "---\ntests:\n  x: |\n    type=SYSCALL msg=audit(1.0:1): arch=c000003e syscall=59 success=yes\n");

    private SniffSamples() {
    }
}
