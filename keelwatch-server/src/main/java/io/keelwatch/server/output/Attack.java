package io.keelwatch.server.output;

import java.util.Map;

/** MITRE ATT&CK names for the technique and tactic ids the rules use (others are passed on by id). */
final class Attack {
    static final String VERSION = "v15";

    private static final Map<String, String> TECHNIQUES = Map.ofEntries(
            Map.entry("T1016", "System Network Configuration Discovery"),
            Map.entry("T1033", "System Owner/User Discovery"),
            Map.entry("T1046", "Network Service Discovery"),
            Map.entry("T1049", "System Network Connections Discovery"),
            Map.entry("T1053.007", "Scheduled Task/Job: Container Orchestration Job"),
            Map.entry("T1057", "Process Discovery"),
            Map.entry("T1070", "Indicator Removal"),
            Map.entry("T1071", "Application Layer Protocol"),
            Map.entry("T1078", "Valid Accounts"),
            Map.entry("T1078.001", "Valid Accounts: Default Accounts"),
            Map.entry("T1082", "System Information Discovery"),
            Map.entry("T1098", "Account Manipulation"),
            Map.entry("T1105", "Ingress Tool Transfer"),
            Map.entry("T1204.003", "User Execution: Malicious Image"),
            Map.entry("T1496", "Resource Hijacking"),
            Map.entry("T1525", "Implant Internal Image"),
            Map.entry("T1552", "Unsecured Credentials"),
            Map.entry("T1552.001", "Unsecured Credentials: Credentials In Files"),
            Map.entry("T1552.007", "Unsecured Credentials: Container API"),
            Map.entry("T1562", "Impair Defenses"),
            Map.entry("T1562.001", "Impair Defenses: Disable or Modify Tools"),
            Map.entry("T1571", "Non-Standard Port"),
            Map.entry("T1572", "Protocol Tunneling"),
            Map.entry("T1609", "Container Administration Command"),
            Map.entry("T1610", "Deploy Container"),
            Map.entry("T1611", "Escape to Host"),
            Map.entry("T1613", "Container and Resource Discovery"));

    private static final Map<String, String[]> TACTICS = Map.ofEntries(
            Map.entry("initial-access", new String[]{"TA0001", "Initial Access"}),
            Map.entry("execution", new String[]{"TA0002", "Execution"}),
            Map.entry("persistence", new String[]{"TA0003", "Persistence"}),
            Map.entry("privilege-escalation", new String[]{"TA0004", "Privilege Escalation"}),
            Map.entry("defense-evasion", new String[]{"TA0005", "Defense Evasion"}),
            Map.entry("credential-access", new String[]{"TA0006", "Credential Access"}),
            Map.entry("discovery", new String[]{"TA0007", "Discovery"}),
            Map.entry("lateral-movement", new String[]{"TA0008", "Lateral Movement"}),
            Map.entry("collection", new String[]{"TA0009", "Collection"}),
            Map.entry("exfiltration", new String[]{"TA0010", "Exfiltration"}),
            Map.entry("command-and-control", new String[]{"TA0011", "Command and Control"}),
            Map.entry("impact", new String[]{"TA0040", "Impact"}));

    private Attack() {
    }

    /** The technique's name, or null when not in the table. */
    static String technique(String id) {
        return TECHNIQUES.get(id);
    }

    /** {uid, name} of a tactic given by its rule name ({@code privilege-escalation}); null when unknown. */
    static String[] tactic(String name) {
        return TACTICS.get(name);
    }
}
