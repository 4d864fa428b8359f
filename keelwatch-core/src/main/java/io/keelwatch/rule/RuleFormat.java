package io.keelwatch.rule;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The language of a rule file, told from its content: Keelwatch's own rules, Sigma (documents with
 * {@code detection:} and {@code logsource:}, or {@code correlation:} / {@code filter:} documents) or Falco (a
 * list of items whose rules use Falco's keys: {@code desc:}, a Falco priority such as {@code WARNING} or
 * {@code NOTICE}, {@code source:}, {@code required_engine_version}, or Falco fields like {@code ka.verb}).
 * A file holding only lists, macros and changes to rules (no priority anywhere) without Falco fields is
 * {@link #UNDECIDED}: it belongs to whichever language defined the names it changes (see {@link ForeignRules}).
 */
public enum RuleFormat {
    NATIVE, SIGMA, FALCO, UNDECIDED;

    private static final Pattern SIGMA_DETECTION = Pattern.compile("(?m)^detection:");
    private static final Pattern SIGMA_LOGSOURCE = Pattern.compile("(?m)^logsource:");
    private static final Pattern SIGMA_CORRELATION = Pattern.compile("(?m)^correlation:\\s*$");
    private static final Pattern SIGMA_FILTER = Pattern.compile("(?m)^filter:\\s*$");
    private static final Pattern ITEM = Pattern.compile("(?m)^-\\s+(rule|list|macro|required_engine_version"
            + "|required_plugin_versions)\\s*:\\s*(.*?)\\s*$");
    private static final Pattern FALCO_KEYS = Pattern.compile("(?m)^\\s+(desc|source|skip-if-unknown-filter"
            + "|warn_evttypes)\\s*:");
    private static final Pattern FALCO_PRIORITY = Pattern.compile("(?mi)^\\s+priority:\\s*[\"']?(emergency|alert|"
            + "error|warning|notice|informational|debug)[\"']?\\s*$");
    private static final Pattern FALCO_FIELDS = Pattern.compile("\\b(ka|jevt|json|evt|proc|fd)\\."
            + "[a-z_]");
    private static final Pattern PRIORITY = Pattern.compile("(?m)^\\s+priority\\s*:");
    private static final Pattern CONDITION_LINE = Pattern.compile("(?m)^\\s+condition:.*$");

    /** The format of one file's text. */
    public static RuleFormat detect(String text) {
        if (SIGMA_DETECTION.matcher(text).find() && SIGMA_LOGSOURCE.matcher(text).find()
                || SIGMA_CORRELATION.matcher(text).find()
                || SIGMA_FILTER.matcher(text).find() && SIGMA_LOGSOURCE.matcher(text).find()) {
            return SIGMA;
        }
        Matcher items = ITEM.matcher(text);
        boolean rules = false;
        boolean any = false;
        while (items.find()) {
            any = true;
            String kind = items.group(1);
            if (kind.startsWith("required_")) {
                return FALCO;
            }
            rules |= kind.equals("rule");
        }
        if (!any) {
            return NATIVE;
        }
        if (FALCO_KEYS.matcher(text).find() || FALCO_PRIORITY.matcher(text).find()) {
            return FALCO;
        }
        Matcher c = CONDITION_LINE.matcher(text);
        while (c.find()) {
            if (FALCO_FIELDS.matcher(c.group()).find()) {
                return FALCO;
            }
        }
        // rule items without any priority only change rules defined elsewhere: the names decide
        return rules && PRIORITY.matcher(text).find() ? NATIVE : UNDECIDED;
    }

    /** The names of the lists, macros and rules a file of items defines or changes (by a quick scan). */
    static Set<String> itemNames(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = ITEM.matcher(text);
        while (m.find()) {
            if (!m.group(1).startsWith("required_")) {
                String n = m.group(2);
                if (n.length() >= 2 && (n.startsWith("\"") && n.endsWith("\"") || n.startsWith("'") && n.endsWith("'"))) {
                    n = n.substring(1, n.length() - 1);
                }
                out.add(n);
            }
        }
        return out;
    }
}
