package io.keelwatch.emulate;

/**
 * One row of a capture's {@code labels.tsv}: when a scenario ran (client-side clock, ns since the epoch), its name,
 * {@code malicious} or {@code benign}, and the techniques a correct alert may carry ({@code /}-separated, or
 * {@code none}).
 */
public record Label(long startNs, long endNs, String scenario, String kind, String expect) {
    public static Label of(Scenario s, long startNs, long endNs) {
        return new Label(startNs, endNs, s.name(), s.kind(), s.expect());
    }

    public boolean malicious() {
        return kind.equals("malicious");
    }
}
