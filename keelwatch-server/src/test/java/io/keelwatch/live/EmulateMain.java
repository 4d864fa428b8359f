package io.keelwatch.live;

import io.keelwatch.emulate.docker.DockerEmulation;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code keelwatch emulate docker all} in a child JVM (for the interruption test): DOCKER_HOST OUT_DIR. */
public final class EmulateMain {
    private EmulateMain() {
    }

    public static void main(String[] args) throws Exception {
        DockerContainers docker = new DockerContainers(new DockerEngineClient(DockerEndpoint.of(args[0], Map.of())));
        DockerEmulation.Options o = new DockerEmulation.Options("busybox:local", 6, null, 1_000, false);
        new DockerEmulation(docker, o, m -> {
            System.out.println(m);
            System.out.flush();
        }).run(List.of("all"), Path.of(args[1]));
    }
}
