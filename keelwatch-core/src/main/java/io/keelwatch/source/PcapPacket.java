package io.keelwatch.source;

/** The parts of one captured packet that flow tracking needs. Null from {@link #parse} for non-TCP/UDP. */
final class PcapPacket {
    int proto;
    String src;
    String dst;
    int sport;
    int dport;
    int payload;
    boolean syn;
    boolean ack;
    boolean fin;
    boolean rst;

    static PcapPacket parse(byte[] d, int linkType) {
        int off;
        int etherType;
        switch (linkType) {
            case 1 -> { // Ethernet, with VLAN tags
                if (d.length < 14) {
                    return null;
                }
                off = 12;
                etherType = u16(d, off);
                off += 2;
                while ((etherType == 0x8100 || etherType == 0x88a8) && d.length >= off + 4) {
                    etherType = u16(d, off + 2);
                    off += 4;
                }
            }
            case 113 -> { // Linux cooked v1
                if (d.length < 16) {
                    return null;
                }
                etherType = u16(d, 14);
                off = 16;
            }
            case 276 -> { // Linux cooked v2
                if (d.length < 20) {
                    return null;
                }
                etherType = u16(d, 0);
                off = 20;
            }
            default -> { // raw IP
                if (d.length < 1) {
                    return null;
                }
                off = 0;
                etherType = (d[0] >> 4 & 0xf) == 6 ? 0x86dd : 0x0800;
            }
        }
        PcapPacket p = new PcapPacket();
        int l4;
        int l4len;
        if (etherType == 0x0800) {
            if (d.length < off + 20) {
                return null;
            }
            int ihl = (d[off] & 0x0f) * 4;
            int total = u16(d, off + 2);
            p.proto = d[off + 9] & 0xff;
            p.src = PcapFlowStream.ip(d, off + 12, 4);
            p.dst = PcapFlowStream.ip(d, off + 16, 4);
            l4 = off + ihl;
            l4len = Math.min(total, d.length - off) - ihl;
        } else if (etherType == 0x86dd) {
            if (d.length < off + 40) {
                return null;
            }
            p.proto = d[off + 6] & 0xff;
            p.src = PcapFlowStream.ip(d, off + 8, 16);
            p.dst = PcapFlowStream.ip(d, off + 24, 16);
            l4 = off + 40;
            l4len = Math.min(u16(d, off + 4), d.length - l4);
        } else {
            return null;
        }
        if (p.proto == 6 && d.length >= l4 + 20) {
            p.sport = u16(d, l4);
            p.dport = u16(d, l4 + 2);
            int dataOff = (d[l4 + 12] >> 4 & 0xf) * 4;
            int flags = d[l4 + 13] & 0xff;
            p.fin = (flags & 0x01) != 0;
            p.syn = (flags & 0x02) != 0;
            p.rst = (flags & 0x04) != 0;
            p.ack = (flags & 0x10) != 0;
            p.payload = Math.max(0, l4len - dataOff);
            return p;
        }
        if (p.proto == 17 && d.length >= l4 + 8) {
            p.sport = u16(d, l4);
            p.dport = u16(d, l4 + 2);
            p.payload = Math.max(0, u16(d, l4 + 4) - 8);
            return p;
        }
        return null;
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }
}
