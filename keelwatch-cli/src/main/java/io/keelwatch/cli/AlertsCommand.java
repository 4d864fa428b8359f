package io.keelwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.alert.Priority;
import io.keelwatch.respond.Responder;
import io.keelwatch.server.DaemonConfig;
import io.keelwatch.server.Processor;
import io.keelwatch.store.AlertStore;
import io.keelwatch.store.Responses;
import io.keelwatch.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keelwatch alerts}: the alerts in the daemon's store; triage and retention. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "List, show and triage the alerts the daemon stored; prune old ones.",
        subcommands = {AlertsCommand.ListAlerts.class, AlertsCommand.Show.class, AlertsCommand.Ack.class,
                AlertsCommand.Close.class, AlertsCommand.Reopen.class, AlertsCommand.Prune.class})
final class AlertsCommand implements Runnable {
    static final ObjectMapper JSON = new ObjectMapper();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** Where the store is: --store, else daemon.store of --config, else ./keelwatch.db. */
    static class StoreOptions {
        @Option(names = "--store", paramLabel = "PATH", description = "The daemon's store (default ./keelwatch.db).")
        Path store;

        @Option(names = "--config", paramLabel = "FILE", description = "Take the store path from daemon.store of this file.")
        Path config;

        Store open() throws IOException {
            Path p = store;
            if (p == null && config != null) {
                if (!Files.isRegularFile(config)) {
                    throw new Main.UsageError(config + ": no such file");
                }
                p = DaemonConfig.load(config).store();
            }
            p = p == null ? Path.of("keelwatch.db") : p;
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("no store at " + p + " (run 'keelwatch run' or give --store PATH)");
            }
            return Store.open(p);
        }
    }

    static void checkFormat(String format) {
        if (!format.equals("table") && !format.equals("json")) {
            throw new Main.UsageError("--format must be table or json, not '" + format + "'");
        }
    }

    static String who(String who) {
        return who != null ? who : System.getProperty("user.name", "unknown");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List stored alerts, newest first.")
    static final class ListAlerts extends StoreOptions implements Callable<Integer> {
        @Option(names = {"-o", "--format"}, defaultValue = "table", description = "table or json (one alert per line).")
        String format;

        @Option(names = "--status", paramLabel = "STATUS", description = "open, acknowledged or closed.")
        String status;

        @Option(names = "--since", paramLabel = "DURATION", description = "Only alerts stored within this long (e.g. 1h, 7d).")
        String since;

        @Option(names = "--rule", paramLabel = "RULE", description = "Only this rule's alerts.")
        String rule;

        @Option(names = "--min-priority", paramLabel = "PRIORITY", description = "Only alerts of this priority or above.")
        String minPriority;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (0: all). Default: ${DEFAULT-VALUE}.")
        int limit;

        @Override
        public Integer call() throws Exception {
            checkFormat(format);
            if (status != null && !AlertStore.STATUSES.contains(status)) {
                throw new Main.UsageError("--status must be open, acknowledged or closed, not '" + status + "'");
            }
            if (minPriority != null && Priority.parse(minPriority).isEmpty()) {
                throw new Main.UsageError("--min-priority must be critical, high, medium, low or info");
            }
            Long sinceMillis = null;
            if (since != null) {
                try {
                    sinceMillis = System.currentTimeMillis() - DaemonConfig.Durations.parse(since, "--since").toMillis();
                } catch (IllegalArgumentException e) {
                    throw new Main.UsageError(e.getMessage());
                }
            }
            List<AlertStore.StoredAlert> alerts;
            try (Store s = open()) {
                alerts = s.alerts().list(new AlertStore.Query(status, sinceMillis, rule, minPriority, limit));
            }
            PrintStream out = System.out;
            if (format.equals("json")) {
                alerts.forEach(a -> out.println(a.json()));
                return Main.OK;
            }
            if (alerts.isEmpty()) {
                out.println("No alerts.");
                return Main.OK;
            }
            boolean colour = Terminal.colour();
            out.println(String.format("%-12s %-24s %-8s %-12s %-32s %-24s %s", "ID", "TIME", "PRIORITY", "STATUS",
                    "RULE", "ENTITY", "SUMMARY"));
            for (AlertStore.StoredAlert a : alerts) {
                JsonNode j = a.json();
                String time = j.path("time").asText();
                time = time.length() > 23 ? time.substring(0, 23) + "Z" : time;
                out.println(String.format("%-12s %-24s %s %-12s %-32s %-24s %s", a.id().substring(0, 12), time,
                        paint(colour, a.priority(), Terminal.cell(a.priority().toUpperCase(), 8)), a.status(),
                        Terminal.cell(a.rule(), 32), Terminal.cell(AlertTable.entity(j.path("entity")), 24),
                        j.path("summary").asText() + (j.path("count").asLong(1) > 1 ? " (x" + j.path("count").asLong()
                                + ")" : "")));
            }
            return Main.OK;
        }
    }

    static String paint(boolean colour, String priority, String text) {
        String code = switch (priority) {
            case "critical" -> "1;31";
            case "high" -> "31";
            case "medium" -> "33";
            case "low" -> "36";
            default -> "2";
        };
        return Terminal.paint(colour, code, text);
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one alert with its evidence events, triage history and response actions.")
    static final class Show extends StoreOptions implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "Alert id or a unique prefix of it (at least 4 digits).")
        String id;

        @Option(names = {"-o", "--format"}, defaultValue = "table", description = "table or json.")
        String format;

        @Override
        public Integer call() throws Exception {
            checkFormat(format);
            AlertStore.Details d;
            List<Responses.Action> actions;
            try (Store s = open()) {
                d = s.alerts().details(id);
                actions = s.responses().forAlert(d.alert().id());
            } catch (IllegalArgumentException e) {
                System.err.println("keelwatch: " + e.getMessage());
                return Main.ERROR;
            }
            ObjectNode o = d.alert().json().deepCopy();
            ArrayNode ev = o.putArray("evidence_events");
            d.evidenceEvents().forEach(e -> ev.add(e == null ? JSON.nullNode() : e));
            ArrayNode h = o.putArray("triage");
            for (AlertStore.Triage t : d.history()) {
                h.addObject().put("status", t.status()).put("reason", t.reason()).put("who", t.who())
                        .put("at", Instant.ofEpochMilli(t.at()).toString());
            }
            o.put("stored_at", Instant.ofEpochMilli(d.alert().storedAt()).toString());
            ArrayNode acts = o.putArray("actions");
            actions.forEach(a -> acts.add(Responder.actionJson(a)));
            if (format.equals("json")) {
                System.out.println(o.toPrettyString());
                return Main.OK;
            }
            AlertText.print(System.out, o, Terminal.colour());
            return Main.OK;
        }
    }

    abstract static class Triage extends StoreOptions implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "Alert id or a unique prefix of it.")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in the triage history).")
        String reason;

        @Option(names = "--who", paramLabel = "NAME", description = "Who triaged (default: the user name).")
        String who;

        abstract String status();

        @Override
        public Integer call() throws Exception {
            if (status().equals("closed") && (reason == null || reason.isBlank())) {
                throw new Main.UsageError("closing an alert needs --reason TEXT");
            }
            try (Store s = open()) {
                String full = s.alerts().triage(id, status(), reason, who(who));
                System.out.println(full + " " + status());
                return Main.OK;
            } catch (IllegalArgumentException e) {
                System.err.println("keelwatch: " + e.getMessage());
                return Main.ERROR;
            }
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge an alert (being looked at).")
    static final class Ack extends Triage {
        String status() {
            return "acknowledged";
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true, description = "Close an alert (needs --reason).")
    static final class Close extends Triage {
        String status() {
            return "closed";
        }
    }

    @Command(name = "reopen", mixinStandardHelpOptions = true, description = "Open a closed or acknowledged alert again.")
    static final class Reopen extends Triage {
        String status() {
            return "open";
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Delete alerts (with evidence and triage) stored, and processed records received, before a given age.")
    static final class Prune extends StoreOptions implements Callable<Integer> {
        @Option(names = "--older-than", required = true, paramLabel = "DURATION", description = "e.g. 30d, 12h.")
        String olderThan;

        @Override
        public Integer call() throws Exception {
            Duration d;
            try {
                d = DaemonConfig.Durations.parse(olderThan, "--older-than");
            } catch (IllegalArgumentException e) {
                throw new Main.UsageError(e.getMessage());
            }
            try (Store s = open()) {
                Store.Pruned p = s.prune(d, Processor.STATE_NAME);
                System.out.println("removed " + p.alerts() + " alerts, " + p.inboxRows() + " inbox records, "
                        + p.spooled() + " spooled output items");
            }
            return Main.OK;
        }
    }
}
