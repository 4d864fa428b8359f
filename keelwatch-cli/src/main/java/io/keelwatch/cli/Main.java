package io.keelwatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code keelwatch} command. Exit codes: 0 ok, 1 error (or --fail-on/--strict tripped), 2 usage. */
@Command(name = "keelwatch",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Container threat detection over Docker, Kubernetes audit, flow, metric and auditd logs.",
        subcommands = {
                EventsCommand.class,
                ScanCommand.class,
                RulesCommand.class,
                ExplainCommand.class,
                DemoCommand.class,
                AdsCommand.class,
                io.keelwatch.cli.bench.BenchCommand.class,
                SourcesCommand.class,
                RunCommand.class,
                AlertsCommand.class,
                RespondCommand.class,
                EmulateCommand.class,
                ValidateCommand.class,
                DaemonBenchCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UsageError) {
                cmd.getErr().println("keelwatch: " + ex.getMessage());
                return USAGE;
            }
            cmd.getErr().println("keelwatch: error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (System.getenv("KEELWATCH_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return ERROR;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("keelwatch: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return USAGE;
        });
        return cl.execute(args);
    }

    /** A usage problem found after parsing (bad value, unknown source type...): exit code 2. */
    public static final class UsageError extends RuntimeException {
        public UsageError(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"keelwatch " + (v == null ? "dev" : v)};
        }
    }
}
