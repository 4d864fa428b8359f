package io.keelwatch.server.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Syslog (RFC 5424) over UDP (one message per datagram, RFC 5426) or TCP (octet-counted framing, RFC 6587).
 * Facility local0 (16) by default; severity from the priority (critical 2, high 3, medium 4, low 5, info 6). The
 * structured data element {@code [keelwatch@32473 id= rule= priority= source= techniques=]} carries the alert's
 * keys; the message is the summary.
 */
public final class SyslogSink implements AlertSink {
    private static final String SD_ID = "keelwatch@32473";
    private final boolean tcp;
    private final String host;
    private final int port;
    private final int facility;
    private final String hostname;
    private DatagramSocket udp;
    private Socket socket;

    public SyslogSink(boolean tcp, String host, int port, int facility) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("syslog output: bad port " + port);
        }
        if (facility < 0 || facility > 23) {
            throw new IllegalArgumentException("syslog output: facility must be 0..23");
        }
        this.tcp = tcp;
        this.host = host;
        this.port = port;
        this.facility = facility;
        String h;
        try {
            h = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            h = "-";
        }
        this.hostname = h.isEmpty() ? "-" : h.replace(' ', '_');
    }

    @Override
    public String name() {
        return "syslog:" + (tcp ? "tcp" : "udp") + "://" + host + ":" + port;
    }

    /** The RFC 5424 message for an alert. */
    public String format(JsonNode a) {
        int severity = switch (a.path("priority").asText()) {
            case "critical" -> 2;
            case "high" -> 3;
            case "medium" -> 4;
            case "low" -> 5;
            default -> 6;
        };
        String time;
        try {
            time = Instant.parse(a.path("time").asText()).truncatedTo(ChronoUnit.MICROS).toString();
        } catch (RuntimeException e) {
            time = "-";
        }
        StringBuilder sb = new StringBuilder();
        sb.append('<').append(facility * 8 + severity).append(">1 ").append(time).append(' ').append(hostname)
                .append(" keelwatch - alert [").append(SD_ID);
        param(sb, "id", a.path("id").asText());
        param(sb, "rule", a.path("rule").asText());
        param(sb, "priority", a.path("priority").asText());
        param(sb, "source", a.path("source").asText());
        StringBuilder tech = new StringBuilder();
        a.path("techniques").forEach(t -> tech.append(tech.length() == 0 ? "" : ",").append(t.asText()));
        param(sb, "techniques", tech.toString());
        param(sb, "count", a.path("count").asText("1"));
        sb.append("] ").append(a.path("summary").asText().replace('\n', ' '));
        return sb.toString();
    }

    private static void param(StringBuilder sb, String name, String value) {
        sb.append(' ').append(name).append("=\"")
                .append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]")).append('"');
    }

    @Override
    public void send(JsonNode alert) throws IOException {
        byte[] msg = format(alert).getBytes(StandardCharsets.UTF_8);
        if (tcp) {
            try {
                if (socket == null || socket.isClosed()) {
                    socket = new Socket();
                    socket.connect(new InetSocketAddress(host, port), 5000);
                }
                OutputStream out = socket.getOutputStream();
                out.write((msg.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(msg);
                out.flush();
            } catch (IOException e) {
                closeQuietly();
                throw e;
            }
        } else {
            if (udp == null) {
                udp = new DatagramSocket();
            }
            udp.send(new DatagramPacket(msg, msg.length, new InetSocketAddress(host, port)));
        }
    }

    private void closeQuietly() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // already broken
        }
        socket = null;
    }

    @Override
    public void close() {
        closeQuietly();
        if (udp != null) {
            udp.close();
        }
    }
}
