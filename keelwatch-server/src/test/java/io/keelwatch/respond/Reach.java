package io.keelwatch.respond;

import io.keelwatch.live.DockerContainers;

import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.fail;

/** Connectivity between sandbox containers, checked from inside one of them. */
public final class Reach {
    private Reach() {
    }

    /**
     * True when container {@code from} gets the sandbox page ({@code keelwatch sandbox}) from {@code ip:port} over
     * HTTP: {@code nc} with a 2 s timeout inside the container (busybox's {@code wget -T} crashes in the static
     * build).
     */
    public static boolean http(DockerContainers docker, String from, String ip, int port) {
        try {
            DockerContainers.Output o = docker.exec(from, List.of("sh", "-c",
                    "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + ip + " " + port));
            return o.exitCode() == 0 && o.stdout().contains("keelwatch sandbox");
        } catch (Exception e) {
            return false;
        }
    }

    /** Waits until {@code cond} holds, failing the test after {@code millis}. */
    public static void await(String what, BooleanSupplier cond, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(200);
        }
    }
}
