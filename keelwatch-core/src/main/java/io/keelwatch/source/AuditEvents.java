package io.keelwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Origin;
import io.keelwatch.event.Times;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The event of one auditd record group (see {@link AuditdReader}).
 *
 * <p>Raw document: one member per record type ({@code {"SYSCALL":{...},"EXECVE":{...},"CWD":{...},
 * "PATH":[{...},...],"PROCTITLE":{...}}}); PATH is always a list, EXECVE records are merged, another type seen
 * twice becomes a list. SOCKADDR gains {@code saddr_fam}, {@code laddr}, {@code lport} decoded from saddr.
 *
 * <p>Fields: {@code event.action} = the syscall's name (x86_64 and aarch64 tables, else {@code syscall_<n>}),
 * or the first record type in lower case ({@code user_login}, {@code avc}); {@code event.kind} process (exec
 * and other syscalls), network (socket calls), file (calls with PATH records) or log (no syscall);
 * {@code event.outcome} from success= or res=; {@code process.executable}/{@code name}/{@code pid},
 * {@code user.id} (uid), {@code user.name} (acct); {@code process.args} from EXECVE (split arguments joined),
 * else from PROCTITLE; {@code file.paths} all PATH names and {@code file.path} the first that is not a PARENT;
 * {@code auditd.key} (hex keys decoded, several keys split); the SOCKADDR address as destination (source for
 * bind/getsockname); {@code host.name} from node=.
 */
final class AuditEvents {
    private AuditEvents() {
    }

    static Event build(List<AuditRecord> records, Origin origin) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode raw = f.objectNode();
        Map<String, String> sys = null;
        Map<String, String> execve = new LinkedHashMap<>();
        String proctitle = null;
        Map<String, String> sock = Map.of();
        List<String> names = new ArrayList<>();
        String mainPath = null;
        for (AuditRecord r : records) {
            ObjectNode o = f.objectNode();
            r.fields().forEach((k, v) -> {
                if (!k.equals("proctitle_args")) {
                    o.put(k, v);
                }
            });
            switch (r.type()) {
                case "SYSCALL" -> sys = sys == null ? r.fields() : sys;
                case "EXECVE" -> r.fields().forEach(execve::putIfAbsent);
                case "PROCTITLE" -> proctitle = proctitle != null ? proctitle
                        : r.fields().getOrDefault("proctitle_args", r.fields().get("proctitle"));
                case "SOCKADDR" -> {
                    sock = AuditRecord.sockaddr(r.fields().get("saddr"));
                    sock.forEach(o::put);
                }
                case "PATH" -> {
                    String name = r.fields().get("name");
                    if (name != null && !name.equals("(null)")) {
                        names.add(name);
                        if (mainPath == null && !"PARENT".equals(r.fields().get("nametype"))) {
                            mainPath = name;
                        }
                    }
                }
                default -> {
                }
            }
            JsonNode prev = raw.get(r.type());
            if (r.type().equals("EXECVE") && prev instanceof ObjectNode p) {
                o.properties().forEach(e -> p.putIfAbsent(e.getKey(), e.getValue()));
            } else if (r.type().equals("PATH")) {
                (prev instanceof ArrayNode a ? a : raw.putArray("PATH")).add(o);
            } else if (prev == null) {
                raw.set(r.type(), o);
            } else if (prev instanceof ArrayNode a) {
                a.add(o);
            } else {
                raw.putArray(r.type()).add(prev).add(o);
            }
        }
        AuditRecord first = records.get(0);
        Map<String, String> main = sys != null ? sys : first.fields();
        String action = sys != null ? AuditSyscalls.name(sys.get("arch"), sys.get("syscall"))
                : first.type().toLowerCase(Locale.ROOT);
        if (action == null) {
            action = first.type().toLowerCase(Locale.ROOT);
        }
        String kind = sys == null ? "log" : AuditSyscalls.EXEC.contains(action) ? "process"
                : AuditSyscalls.NETWORK.contains(action) ? "network" : !names.isEmpty() ? "file" : "process";
        EventBuilder b = Event.builder(AuditdReader.TYPE).origin(origin).raw(raw)
                .time(Times.ofEpochSecondsText(first.time()))
                .put(Fields.EVENT_KIND, kind)
                .put(Fields.EVENT_ACTION, action)
                .put(Fields.EVENT_OUTCOME, outcome(main))
                .put(Fields.HOST_NAME, first.node())
                .put(Fields.PROCESS_EXECUTABLE, value(main, "exe"))
                .put(Fields.PROCESS_NAME, value(main, "comm"))
                .put(Fields.USER_ID, value(main, "uid"))
                .put(Fields.USER_NAME, value(first.fields(), "acct") != null ? value(first.fields(), "acct")
                        : value(main, "UID"));
        String pid = value(main, "pid");
        if (pid != null && pid.matches("\\d{1,18}")) {
            b.put(Fields.PROCESS_PID, Long.parseLong(pid));
        }
        List<String> args = execve.isEmpty() ? proctitleArgs(proctitle) : execveArgs(execve);
        b.put(Fields.PROCESS_ARGS, args);
        b.put(Fields.PROCESS_COMMAND_LINE, args.isEmpty() ? null : String.join(" ", args));
        b.put(Fields.FILE_PATHS, names);
        b.put(Fields.FILE_PATH, mainPath != null ? mainPath : names.isEmpty() ? null : names.get(0));
        String key = value(main, "key");
        if (key == null) {
            for (AuditRecord r : records) {
                key = key == null ? value(r.fields(), "key") : key;
            }
        }
        if (key != null) {
            b.put(Fields.AUDITD_KEY, Arrays.stream(key.split("\u0001")).filter(s -> !s.isEmpty()).toList());
        }
        String addr = sock.get("laddr");
        if (addr != null) {
            boolean local = AuditSyscalls.LOCAL_ADDRESS.contains(action);
            b.put(local ? Fields.SOURCE_IP : Fields.DEST_IP, addr);
            b.put(local ? Fields.SOURCE_PORT : Fields.DEST_PORT, Long.parseLong(sock.get("lport")));
        }
        return b.build();
    }

    /** A field's value, or null for the placeholders audit writes for "none". */
    private static String value(Map<String, String> m, String key) {
        String v = m.get(key);
        return v == null || v.isEmpty() || v.equals("?") || v.equals("(null)") || v.equals("(none)") ? null : v;
    }

    private static String outcome(Map<String, String> m) {
        String s = m.get("success");
        if (s == null) {
            s = m.get("res");
        }
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "yes", "success", "1" -> "success";
            case "no", "failed", "fail", "0" -> "failure";
            default -> null;
        };
    }

    /** EXECVE arguments: argc of them, each a<i> or the a<i>[0], a<i>[1], ... pieces of a long one. */
    static List<String> execveArgs(Map<String, String> e) {
        int argc = -1;
        String c = e.get("argc");
        if (c != null && c.matches("\\d{1,6}")) {
            argc = Integer.parseInt(c);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; argc < 0 || i < argc; i++) {
            String v = e.get("a" + i);
            if (v == null && e.containsKey("a" + i + "[0]")) {
                StringBuilder sb = new StringBuilder();
                for (int k = 0; e.containsKey("a" + i + "[" + k + "]"); k++) {
                    sb.append(e.get("a" + i + "[" + k + "]"));
                }
                v = sb.toString();
            }
            if (v == null) {
                if (argc < 0 || i > e.size()) {
                    break;
                }
                continue;   // an argument the log lost: skip it, keep the rest in order
            }
            out.add(v);
        }
        return out;
    }

    private static List<String> proctitleArgs(String decoded) {
        if (decoded == null || decoded.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(Arrays.asList(decoded.split("\0")));
        out.removeIf(String::isEmpty);
        return out;
    }
}
