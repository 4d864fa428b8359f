package io.keelwatch.cli;

import io.keelwatch.live.DockerContainers;
import io.keelwatch.live.DockerEndpoint;
import io.keelwatch.live.DockerEngineClient;
import picocli.CommandLine.Option;

import java.io.IOException;

/** {@code --docker-host URL} for the commands that act on a Docker engine. */
final class DockerHostOption {
    @Option(names = "--docker-host", paramLabel = "URL",
            description = "Docker Engine (unix:///var/run/docker.sock, tcp://HOST:2376 ...; default: DOCKER_HOST, "
                    + "else the local socket).")
    String dockerHost;

    /** A client for the engine; a malformed URL is a usage error. */
    DockerContainers connect() {
        try {
            DockerEndpoint ep = DockerEndpoint.of(dockerHost != null ? dockerHost : System.getenv("DOCKER_HOST"),
                    System.getenv());
            return new DockerContainers(new DockerEngineClient(ep));
        } catch (IOException | IllegalArgumentException e) {
            throw new Main.UsageError("--docker-host: " + e.getMessage());
        }
    }
}
