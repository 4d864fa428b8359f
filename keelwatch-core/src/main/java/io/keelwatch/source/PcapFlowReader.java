package io.keelwatch.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * Packet captures (libpcap format, as tcpdump writes them) summarised into one flow event per TCP or UDP
 * connection, in the spirit of Zeek's conn.log: the originator is the side that sent the first SYN (or the first
 * packet), and the connection state says whether it was answered ({@code SF}/{@code S1}), refused with a reset
 * ({@code REJ}) or never answered ({@code S0}). Link types: Ethernet, Linux cooked (v1, v2), raw IP. pcapng is
 * recognised and refused with a clear message.
 */
public final class PcapFlowReader implements SourceReader {
    static final int MAGIC_US = 0xa1b2c3d4;
    static final int MAGIC_NS = 0xa1b23c4d;
    static final int MAGIC_PCAPNG = 0x0a0d0d0a;

    @Override
    public String type() {
        return "pcap";
    }

    @Override
    public String description() {
        return "libpcap packet captures (tcpdump -w), summarised into TCP/UDP connections like Zeek's conn.log";
    }

    @Override
    public int sniff(Head head) {
        return 0;
    }

    @Override
    public boolean binary() {
        return true;
    }

    @Override
    public int sniffBytes(byte[] h) {
        if (h.length < 4) {
            return 0;
        }
        int be = ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
        int le = Integer.reverseBytes(be);
        if (be == MAGIC_US || be == MAGIC_NS || le == MAGIC_US || le == MAGIC_NS || be == MAGIC_PCAPNG) {
            return 100;
        }
        return 0;
    }

    @Override
    public EventStream open(Reader in, ReadContext ctx) {
        throw new UnsupportedOperationException("pcap is binary; open it with openBinary");
    }

    @Override
    public EventStream openBinary(InputStream in, ReadContext ctx) throws IOException {
        return new PcapFlowStream(in, ctx);
    }
}
