package io.keelwatch.emulate.docker;

import java.util.List;

/**
 * The lab's long-lived application, up for the whole run on the run's network: web (httpd on 8080), db (httpd on
 * 5432), pool (httpd on 3333, standing in for a mining pool) and client (connects to db every second).
 *
 * @param socket the engine's socket file when it is reached over a Unix socket (mounted by the socket scenario)
 */
public record AppContainers(String web, String db, String pool, String client, String webIp, String dbIp,
                            String poolIp, String socket) {
    public List<String> names() {
        return List.of(web, db, pool, client);
    }
}
