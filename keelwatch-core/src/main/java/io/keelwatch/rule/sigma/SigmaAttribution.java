package io.keelwatch.rule.sigma;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a Sigma rule comes from, for the Detection Rule License: a rule laid out as in the SigmaHQ repository
 * ({@code rules/<platform>/...}, {@code rules-emerging-threats/...}, {@code rules-threat-hunting/...}, ...) links
 * to it there, any other rule to its file. Every alert carries the author and the link (in the
 * summary and as {@code author:} / {@code sigma.link:} tags).
 */
final class SigmaAttribution {
    static final String SIGMAHQ = "https://github.com/SigmaHQ/sigma/blob/master/";
    private static final List<String> FOLDERS = List.of("rules", "rules-emerging-threats", "rules-threat-hunting",
            "rules-placeholder", "rules-compliance", "rules-dfir", "deprecated", "unsupported");
    private static final List<String> PLATFORMS = List.of("windows", "linux", "macos", "cloud", "application",
            "network", "web", "category", "compliance", "identity");

    private SigmaAttribution() {
    }

    /** The link to a rule file. */
    static String link(String file) {
        String f = file.replace('\\', '/');
        String[] segs = f.split("/");
        for (int i = segs.length - 2; i >= 0; i--) {
            boolean layout = i + 2 < segs.length && (segs[i].equals("rules") ? PLATFORMS.contains(segs[i + 1])
                    : true);
            if (FOLDERS.contains(segs[i]) && layout) {
                return SIGMAHQ + String.join("/", List.of(segs).subList(i, segs.length));
            }
        }
        try {
            return Path.of(file).toAbsolutePath().normalize().toUri().toString();
        } catch (RuntimeException e) {
            return file;
        }
    }

    /** True for rules from the SigmaHQ repository (distributed under the Detection Rule License 1.1). */
    static boolean isSigmaHq(String link) {
        return link.startsWith(SIGMAHQ);
    }
}
