package io.keelwatch.emulate.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Who sends a request: the audit {@code user}, the client's user agent, its source address, and the
 * {@code authorization.k8s.io/*} annotations the API server adds when it allows the request.
 */
record Actor(ObjectNode user, String userAgent, String ip, ObjectNode authz) {
    String username() {
        return user.path("username").asText();
    }

    Actor withAgent(String ua) {
        return new Actor(user, ua, ip, authz);
    }

    Actor from(String address) {
        return new Actor(user, userAgent, address, authz);
    }

    Actor withAuthz(ObjectNode a) {
        return new Actor(user, userAgent, ip, a);
    }
}
