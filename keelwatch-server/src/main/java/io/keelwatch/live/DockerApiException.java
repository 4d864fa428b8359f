package io.keelwatch.live;

import java.io.IOException;

/** The Docker Engine answered with an error status; {@link #status()} 404 means no such object. */
public final class DockerApiException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public DockerApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean notFound() {
        return status == 404;
    }
}
