package io.keelwatch.source;

import io.keelwatch.event.Event;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PcapFlowReaderTest {
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final int FIN = 0x01;
    private static final int RST = 0x04;

    /** Builds a little-endian microsecond pcap of Ethernet/IPv4/TCP packets. */
    static final class Capture {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Capture() {
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            out.writeBytes(h.array());
        }

        Capture tcp(double t, String src, int sport, String dst, int dport, int flags, int payload) {
            int ipLen = 20 + 20 + payload;
            ByteBuffer p = ByteBuffer.allocate(14 + ipLen).order(ByteOrder.BIG_ENDIAN);
            p.put(new byte[12]).putShort((short) 0x0800);
            p.put((byte) 0x45).put((byte) 0).putShort((short) ipLen).putInt(0).put((byte) 64).put((byte) 6)
                    .putShort((short) 0).put(addr(src)).put(addr(dst));
            p.putShort((short) sport).putShort((short) dport).putInt(0).putInt(0).put((byte) 0x50).put((byte) flags)
                    .putShort((short) 1024).putInt(0);
            p.put(new byte[payload]);
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            long sec = (long) t;
            r.putInt((int) sec).putInt((int) Math.round((t - sec) * 1e6)).putInt(p.capacity()).putInt(p.capacity());
            out.writeBytes(r.array());
            out.writeBytes(p.array());
            return this;
        }

        private static byte[] addr(String ip) {
            String[] s = ip.split("\\.");
            return new byte[]{(byte) Integer.parseInt(s[0]), (byte) Integer.parseInt(s[1]),
                    (byte) Integer.parseInt(s[2]), (byte) Integer.parseInt(s[3])};
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    static List<Event> read(byte[] bytes, Diagnostics d) throws IOException {
        PcapFlowReader r = new PcapFlowReader();
        assertThat(r.sniffBytes(bytes)).isEqualTo(100);
        List<Event> out = new ArrayList<>();
        try (EventStream s = r.openBinary(new ByteArrayInputStream(bytes), new ReadContext("t.pcap", "pcap", d))) {
            Event e;
            while ((e = s.next()) != null) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void summarisesAnsweredRefusedAndUnansweredConnections() throws IOException {
        Capture c = new Capture()
                // answered and closed cleanly: SF
                .tcp(100.0, "172.19.0.5", 40000, "172.19.0.3", 5432, SYN, 0)
                .tcp(100.001, "172.19.0.3", 5432, "172.19.0.5", 40000, SYN | ACK, 0)
                .tcp(100.002, "172.19.0.5", 40000, "172.19.0.3", 5432, ACK, 4)
                .tcp(100.003, "172.19.0.3", 5432, "172.19.0.5", 40000, ACK, 200)
                .tcp(100.004, "172.19.0.5", 40000, "172.19.0.3", 5432, FIN | ACK, 0)
                .tcp(100.005, "172.19.0.3", 5432, "172.19.0.5", 40000, FIN | ACK, 0)
                .tcp(100.006, "172.19.0.5", 40000, "172.19.0.3", 5432, ACK, 0) // trailing ACK: no new flow
                // refused: REJ
                .tcp(101.0, "172.19.0.9", 41000, "172.19.0.3", 22, SYN, 0)
                .tcp(101.001, "172.19.0.3", 22, "172.19.0.9", 41000, RST | ACK, 0)
                // never answered: S0
                .tcp(102.0, "172.19.0.9", 41001, "172.19.0.4", 3306, SYN, 0);
        Diagnostics d = Diagnostics.silent();
        List<Event> ev = read(c.bytes(), d);
        assertThat(ev).hasSize(3);
        assertThat(ev).extracting(e -> e.raw().get("conn_state").asText()).containsExactly("SF", "REJ", "S0");
        assertThat(ev).extracting(e -> e.string("network.connection.state"))
                .containsExactly("established", "rejected", "unanswered");
        Event first = ev.get(0);
        assertThat(first.string("source.ip")).isEqualTo("172.19.0.5");
        assertThat(first.field("destination.port")).isEqualTo(5432L);
        assertThat(first.raw().get("orig_bytes").asLong()).isEqualTo(4);
        assertThat(first.raw().get("resp_bytes").asLong()).isEqualTo(200);
        assertThat(first.timeNanos()).isEqualTo(100_000_000_000L);
        assertThat(d.totalRejected()).isZero();
    }

    @Test
    void truncatedCaptureIsReportedAndWhatCameBeforeIsKept() throws IOException {
        byte[] full = new Capture()
                .tcp(100.0, "10.0.0.1", 1, "10.0.0.2", 80, SYN, 0)
                .tcp(100.1, "10.0.0.2", 80, "10.0.0.1", 1, SYN | ACK, 0)
                .tcp(100.2, "10.0.0.1", 2, "10.0.0.2", 81, SYN, 0).bytes();
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 10);
        List<Diagnostics.Rejection> rejected = new ArrayList<>();
        List<Event> ev = read(cut, new Diagnostics(rejected::add));
        assertThat(ev).hasSize(1);
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("truncated packet 3");
            assertThat(r.origin().file()).isEqualTo("t.pcap");
        });
    }

    @Test
    void pcapngIsRefusedClearly() throws IOException {
        byte[] ng = {0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 28, 0x1a, 0x2b, 0x3c, 0x4d, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        List<Diagnostics.Rejection> rejected = new ArrayList<>();
        assertThat(read(ng, new Diagnostics(rejected::add))).isEmpty();
        assertThat(rejected).singleElement().extracting(Diagnostics.Rejection::reason).asString().contains("pcapng");
    }
}
