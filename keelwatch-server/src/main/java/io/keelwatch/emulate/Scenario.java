package io.keelwatch.emulate;

import java.util.List;

/**
 * One emulated scenario: an attack of a strategy, or the benign look-alike of one.
 *
 * @param name         short id, unique within its emulator ({@code ephemeral-burst}, {@code benign-ci-churn})
 * @param strategy     the ADS id it validates ({@code container-evasion}, {@code container-recon})
 * @param malicious    an attack (must be detected) or a benign look-alike (must raise nothing of priority medium or
 *                     above)
 * @param techniques   the ATT&CK ids a correct alert may carry (any one; a parent id also accepts its
 *                     sub-techniques); empty for benign ones
 * @param expectedRules the rules expected to fire on it (for the matrix; detection is judged by technique)
 * @param description  what it does, in one sentence
 */
public record Scenario(String name, String strategy, boolean malicious, List<String> techniques,
                       List<String> expectedRules, String description) {
    public Scenario {
        techniques = List.copyOf(techniques);
        expectedRules = List.copyOf(expectedRules);
    }

    /** {@code malicious} or {@code benign}, as in labels.tsv. */
    public String kind() {
        return malicious ? "malicious" : "benign";
    }

    /** The expect column of labels.tsv: techniques joined by {@code /}, or {@code none}. */
    public String expect() {
        return techniques.isEmpty() ? "none" : String.join("/", techniques);
    }
}
