package io.keelwatch.respond;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What {@code keelwatch respond} can do about the container or pod an alert names. */
public enum ResponseAction {
    /** Docker: disconnect from every network (remembered for release); Kubernetes: deny-all NetworkPolicy. */
    ISOLATE(true, true),
    /** Docker: freeze every process of the container. */
    PAUSE(true, false),
    /** Docker: stop the container. */
    STOP(true, false),
    /** Collect evidence into a hashed .tar.gz bundle. */
    EVIDENCE(true, true),
    /** Undo isolate (and pause, for Docker). */
    RELEASE(true, true),
    /** Kubernetes: mark the pod's node unschedulable. */
    CORDON(false, true),
    /** Kubernetes: delete the pod (only when asked for by name). */
    DELETE_POD(false, true);

    private final boolean docker;
    private final boolean kubernetes;

    ResponseAction(boolean docker, boolean kubernetes) {
        this.docker = docker;
        this.kubernetes = kubernetes;
    }

    /** The name used on the command line, in the config and in the store ({@code delete-pod}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean appliesTo(Target.Kind kind) {
        return kind == Target.Kind.DOCKER ? docker : kubernetes;
    }

    public static Optional<ResponseAction> parse(String s) {
        String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.label().equals(t)).findFirst();
    }

    /** The labels, comma-separated, for messages. */
    public static String labels() {
        return Arrays.stream(values()).map(ResponseAction::label).collect(Collectors.joining(", "));
    }
}
