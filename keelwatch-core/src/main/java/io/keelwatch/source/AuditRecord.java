package io.keelwatch.source;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One auditd record line: {@code [node=HOST ]type=TYPE msg=audit(SECONDS.MILLIS:SERIAL): key=value ...}, also
 * when a syslog or dmesg prefix comes first ({@code audit: type=1300 audit(...)}). Values are unquoted,
 * {@code "quoted"}, or hex-encoded (the kernel's encoding of untrusted strings with spaces or special
 * characters: {@code proctitle}, {@code EXECVE} arguments, {@code name}, {@code exe}, {@code key}, ...); encoded
 * values are decoded. A user-space {@code msg='op=... acct=... res=...'} body is parsed into the record's own
 * keys too. Values in enriched logs after the group separator (0x1d) come as their upper-case keys.
 */
record AuditRecord(String node, String type, String time, String serial, Map<String, String> fields) {
    private static final Pattern HEAD = Pattern.compile(
            "(?:^|\\s)(?:node=(\\S+)\\s+)?type=(\\S+)\\s+(?:msg=)?audit\\((\\d{1,12}(?:\\.\\d{1,9})?):(\\d{1,20})\\):?");
    /** Keys whose unquoted value is hex-encoded text when it is hex. */
    private static final Set<String> ENCODED = Set.of("proctitle", "comm", "exe", "name", "cwd", "path", "key",
            "acct", "cmd", "data", "ocomm", "watch", "dir", "file", "root_dir", "new_name", "old_name", "sig_comm");
    private static final Pattern ARG = Pattern.compile("a\\d+(\\[\\d+])?");
    private static final Map<String, String> NUMERIC_TYPES = Map.ofEntries(
            Map.entry("1300", "SYSCALL"), Map.entry("1302", "PATH"), Map.entry("1306", "SOCKADDR"),
            Map.entry("1307", "CWD"), Map.entry("1309", "EXECVE"), Map.entry("1320", "EOE"),
            Map.entry("1327", "PROCTITLE"), Map.entry("1400", "AVC"), Map.entry("1107", "USER_AVC"),
            Map.entry("1112", "USER_LOGIN"), Map.entry("1123", "USER_CMD"), Map.entry("1325", "NETFILTER_CFG"),
            Map.entry("1305", "CONFIG_CHANGE"), Map.entry("1701", "ANOM_ABEND"), Map.entry("1326", "SECCOMP"));

    /** Parses a line; throws IllegalArgumentException with a reason when it is not an audit record. */
    static AuditRecord parse(String line) {
        Matcher m = HEAD.matcher(line);
        if (!m.find()) {
            throw new IllegalArgumentException("not an audit record (no 'type=... msg=audit(TIME:SERIAL):')");
        }
        String type = m.group(2);
        if (type.matches("\\d+")) {
            type = NUMERIC_TYPES.getOrDefault(type, "UNKNOWN[" + type + "]");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        parseBody(line.substring(m.end()), type, fields, false);
        return new AuditRecord(m.group(1), type, m.group(3), m.group(4), fields);
    }

    private static void parseBody(String s, String type, Map<String, String> out, boolean inner) {
        int n = s.length();
        int i = 0;
        StringBuilder words = null;
        while (i < n) {
            while (i < n && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == 0x1d)) {
                i++;
            }
            int start = i;
            while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != 0x1d) {
                i++;
            }
            if (i >= n || s.charAt(i) != '=') {
                if (i > start) {          // a bare word (avc: denied { read } for ...)
                    words = words == null ? new StringBuilder() : words.append(' ');
                    words.append(s, start, i);
                }
                continue;
            }
            String key = s.substring(start, i);
            i++;
            String value;
            boolean quoted = false;
            if (i < n && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
                char q = s.charAt(i);
                int close = s.indexOf(q, i + 1);
                value = s.substring(i + 1, close < 0 ? n : close);
                i = close < 0 ? n : close + 1;
                quoted = true;
                while (i < n && !Character.isWhitespace(s.charAt(i))) {
                    i++;                  // stray characters after a closing quote
                }
                if (q == '\'' && key.equals("msg")) {
                    parseBody(value, type, out, true);
                }
            } else {
                int vs = i;
                while (i < n && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != 0x1d) {
                    i++;
                }
                value = s.substring(vs, i);
            }
            if (inner) {                  // legacy bodies: "(hostname=?, addr=?, terminal=cron res=success)"
                key = key.startsWith("(") ? key.substring(1) : key;
                if (!quoted && !value.startsWith("(")) {
                    value = value.replaceAll("[,)]+$", "");
                }
            }
            if (key.isEmpty()) {
                continue;
            }
            if (!quoted && (ENCODED.contains(key) || type.equals("EXECVE") && ARG.matcher(key).matches())) {
                String decoded = hexText(value);
                if (decoded != null) {
                    value = key.equals("proctitle") ? decoded.replace('\0', ' ').strip() : decoded;
                    if (key.equals("proctitle")) {
                        out.put("proctitle_args", decoded);
                    }
                }
            }
            out.putIfAbsent(key, value);
        }
        if (words != null && !inner) {
            String w = words.toString();
            if (w.contains("denied") || w.contains("granted")) {
                out.putIfAbsent("seresult", w.contains("denied") ? "denied" : "granted");
            }
            int open = w.indexOf('{');
            int close = w.indexOf('}');
            if (open >= 0 && close > open) {
                out.putIfAbsent("seperms", w.substring(open + 1, close).strip().replaceAll("\\s+", ","));
            }
        }
    }

    /** Upper-case hex (as auditd writes it) decoded as UTF-8 text, or null when the value is not hex. */
    static String hexText(String v) {
        int len = v.length();
        if (len < 2 || len % 2 != 0) {
            return null;
        }
        byte[] bytes = new byte[len / 2];
        for (int i = 0; i < len; i += 2) {
            int hi = upperHex(v.charAt(i));
            int lo = upperHex(v.charAt(i + 1));
            if (hi < 0 || lo < 0) {
                return null;
            }
            bytes[i / 2] = (byte) (hi << 4 | lo);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int upperHex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Decodes a SOCKADDR saddr (hex sockaddr) into family, address and port; empty when unknown. */
    static Map<String, String> sockaddr(String hex) {
        Map<String, String> out = new LinkedHashMap<>();
        if (hex == null || hex.length() < 4 || hex.length() % 2 != 0 || !hex.matches("[0-9A-Fa-f]+")) {
            return out;
        }
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        int family = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        if (family == 2 && b.length >= 8) {
            out.put("saddr_fam", "inet");
            out.put("laddr", (b[4] & 0xff) + "." + (b[5] & 0xff) + "." + (b[6] & 0xff) + "." + (b[7] & 0xff));
            out.put("lport", String.valueOf((b[2] & 0xff) << 8 | (b[3] & 0xff)));
        } else if (family == 10 && b.length >= 24) {
            StringBuilder sb = new StringBuilder();
            for (int i = 8; i < 24; i += 2) {
                sb.append(i > 8 ? ":" : "").append(Integer.toHexString((b[i] & 0xff) << 8 | (b[i + 1] & 0xff)));
            }
            out.put("saddr_fam", "inet6");
            out.put("laddr", sb.toString());
            out.put("lport", String.valueOf((b[2] & 0xff) << 8 | (b[3] & 0xff)));
        } else if (family == 1) {
            int end = 2;
            while (end < b.length && b[end] != 0) {
                end++;
            }
            out.put("saddr_fam", "local");
            out.put("path", new String(b, 2, end - 2, StandardCharsets.UTF_8));
        }
        return out;
    }
}
