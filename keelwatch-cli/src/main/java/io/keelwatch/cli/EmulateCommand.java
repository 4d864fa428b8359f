package io.keelwatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code keelwatch emulate docker|k8s}: perform the strategies' attacks and their benign look-alikes. */
@Command(name = "emulate", mixinStandardHelpOptions = true,
        description = "Perform the detection strategies' attacks (and benign look-alikes) for real, recording a "
                + "labelled capture.",
        subcommands = {EmulateDockerCommand.class, EmulateK8sCommand.class})
final class EmulateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
