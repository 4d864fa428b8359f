package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Looks inside shell command lines: for a process that is a shell run with {@code -c SCRIPT}
 * ({@code sh -c "apk add curl || wget ..."}), the names of the programs the script runs go to
 * {@code process.shell_commands}, so rules about programs see through the shell. The split is lexical
 * (on {@code ; & | ( ) `} and newlines, after {@code $(}), not a shell parser: it is for detection, not execution.
 */
public final class ShellCommands {
    private static final Set<String> SHELLS = Set.of("sh", "bash", "ash", "dash", "zsh", "ksh", "busybox", "mksh");
    private static final Set<String> PREFIXES = Set.of("sudo", "exec", "nohup", "env", "timeout", "nice", "command",
            "xargs", "time", "su", "doas", "busybox", "chroot");

    private ShellCommands() {
    }

    /** The event with {@code process.shell_commands} added when its process is a shell script; else itself. */
    public static Event enrich(Event e) {
        Object args = e.field(Fields.PROCESS_ARGS);
        if (!(args instanceof List<?> list) || list.size() < 2 || e.field(Fields.PROCESS_SHELL_COMMANDS) != null) {
            return e;
        }
        String script = script(list);
        if (script == null) {
            return e;
        }
        List<String> cmds = commands(script);
        return cmds.isEmpty() ? e : e.withFields(Map.of(Fields.PROCESS_SHELL_COMMANDS, cmds), false);
    }

    /** The script of {@code sh -c SCRIPT}, joining the remaining args when a reader split it on spaces. */
    static String script(List<?> args) {
        String first = basename(String.valueOf(args.get(0)));
        int i = 1;
        if (first.equals("busybox") && args.size() > 2 && SHELLS.contains(String.valueOf(args.get(1)))) {
            i = 2;
        } else if (!SHELLS.contains(first)) {
            return null;
        }
        while (i < args.size() && String.valueOf(args.get(i)).startsWith("-")) {
            String opt = String.valueOf(args.get(i));
            i++;
            if (opt.contains("c")) {
                if (i >= args.size()) {
                    return null;
                }
                StringBuilder sb = new StringBuilder();
                for (int k = i; k < args.size(); k++) {
                    if (sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(args.get(k));
                }
                return sb.toString();
            }
        }
        return null;
    }

    /** Program names the script runs, in order, without duplicates. */
    static List<String> commands(String script) {
        Set<String> out = new LinkedHashSet<>();
        String s = script.replace("$(", ";").replace("`", ";");
        for (String part : s.split("[;&|()\\n{}]+")) {
            String[] words = part.trim().split("\\s+");
            int w = 0;
            while (w < words.length && (words[w].isEmpty() || words[w].contains("=") && !words[w].startsWith("-")
                    || words[w].equals("!") || words[w].equals("then") || words[w].equals("do")
                    || words[w].equals("else") || words[w].equals("if") || words[w].equals("while"))) {
                w++;
            }
            while (w < words.length && PREFIXES.contains(basename(words[w]))) {
                w++;
                while (w < words.length && words[w].startsWith("-")) {
                    w++;
                }
            }
            if (w < words.length) {
                String name = basename(words[w].replaceAll("^[\"']|[\"']$", ""));
                if (!name.isEmpty() && name.length() < 64) {
                    out.add(name);
                }
            }
            if (out.size() >= 32) {
                break;
            }
        }
        return new ArrayList<>(out);
    }

    private static String basename(String p) {
        int slash = p.lastIndexOf('/');
        return slash >= 0 ? p.substring(slash + 1) : p;
    }
}
