package io.keelwatch.source;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Parses a logrus text line ({@code time="2026-11-23T14:16:50.87Z" level=debug msg="Calling GET /_ping"}) into an
 * object of its keys, in order. Values are quoted (Go {@code %q} escapes: {@code \"}, {@code \\}, {@code \n},
 * {@code \t}, hexadecimal escapes of 2, 4 and 8 digits, ...) or bare up to the next space. Text before the first
 * {@code time=} or {@code level=} (a Docker Desktop {@code 2021-07-28T10:21:21Z dockerd} prefix, a syslog
 * header) is kept under {@code _prefix}; a bare word among the pairs is kept under {@code _text}. An unterminated
 * quoted value runs to the end of the line.
 */
final class LogfmtLine {
    private LogfmtLine() {
    }

    /** The keys of the line, or null when it has no {@code time=} or {@code level=} key. */
    static ObjectNode parse(String line) {
        int start = start(line);
        if (start < 0) {
            return null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        String prefix = line.substring(0, start).trim();
        if (!prefix.isEmpty()) {
            out.put("_prefix", prefix);
        }
        StringBuilder loose = new StringBuilder();
        int i = start;
        int n = line.length();
        while (i < n) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            int keyStart = i;
            while (i < n && line.charAt(i) != '=' && line.charAt(i) != ' ' && line.charAt(i) != '"') {
                i++;
            }
            if (i < n && line.charAt(i) == '=' && i > keyStart) {
                String key = line.substring(keyStart, i);
                i++;
                StringBuilder v = new StringBuilder();
                if (i < n && line.charAt(i) == '"') {
                    i = quoted(line, i + 1, v);
                } else {
                    while (i < n && line.charAt(i) != ' ') {
                        v.append(line.charAt(i++));
                    }
                }
                out.put(key, v.toString());
            } else {
                // not a key=value pair: keep the word (or quoted text) as loose text
                StringBuilder w = new StringBuilder();
                if (i < n && line.charAt(i) == '"' && i == keyStart) {
                    i = quoted(line, i + 1, w);
                } else {
                    while (i < n && line.charAt(i) != ' ') {
                        i++;
                    }
                    w.append(line, keyStart, i);
                }
                if (loose.length() > 0) {
                    loose.append(' ');
                }
                loose.append(w);
            }
        }
        if (loose.length() > 0) {
            out.put("_text", loose.toString());
        }
        return out;
    }

    /** Index of the first {@code time=} or {@code level=} that starts a word, or -1. */
    private static int start(String line) {
        int best = -1;
        for (String k : new String[]{"time=", "level="}) {
            int from = 0;
            while (true) {
                int at = line.indexOf(k, from);
                if (at < 0) {
                    break;
                }
                if (at == 0 || line.charAt(at - 1) == ' ' || line.charAt(at - 1) == '\t') {
                    if (best < 0 || at < best) {
                        best = at;
                    }
                    break;
                }
                from = at + 1;
            }
        }
        return best;
    }

    /** Reads a quoted value starting after the opening quote into {@code v}; returns the index after it. */
    private static int quoted(String s, int i, StringBuilder v) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c != '\\' || i + 1 >= n) {
                v.append(c);
                i++;
                continue;
            }
            char e = s.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'n' -> v.append('\n');
                case 't' -> v.append('\t');
                case 'r' -> v.append('\r');
                case 'a' -> v.append('\u0007');
                case 'b' -> v.append('\b');
                case 'f' -> v.append('\f');
                case 'v' -> v.append('\u000b');
                case 'x' -> i = hex(s, i, 2, v, "\\x");
                case 'u' -> i = hex(s, i, 4, v, "\\u");
                case 'U' -> i = hex(s, i, 8, v, "\\U");
                default -> v.append(e); // \" \\ \' and anything unknown: the character itself
            }
        }
        return n;
    }

    private static int hex(String s, int i, int digits, StringBuilder v, String escape) {
        if (i + digits <= s.length()) {
            try {
                int cp = Integer.parseUnsignedInt(s.substring(i, i + digits), 16);
                if (Character.isValidCodePoint(cp)) {
                    v.appendCodePoint(cp);
                    return i + digits;
                }
            } catch (NumberFormatException e) {
                // fall through: keep the escape as written
            }
        }
        v.append(escape);
        return i;
    }
}
