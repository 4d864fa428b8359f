package io.keelwatch.source;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Origin;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;

/** The per-file state of {@link PcapFlowReader}: packet parsing and connection tracking. */
final class PcapFlowStream implements EventStream {
    private static final long IDLE_NS = 60_000_000_000L;
    private static final int MAX_OPEN = 100_000;
    private static final int MAX_PACKET = 256 * 1024;

    private final DataInputStream in;
    private final ReadContext ctx;
    private final Map<String, Conn> open = new LinkedHashMap<>();
    private final PriorityQueue<Conn> done = new PriorityQueue<>(Comparator.comparingLong((Conn c) -> c.start));
    private final ArrayDeque<Event> ready = new ArrayDeque<>();
    /** Tuples of connections that just closed: their trailing ACKs and retransmissions start nothing new. */
    private final Map<String, Long> recentlyClosed = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 10_000;
        }
    };
    private boolean little;
    private boolean nanos;
    private int linkType;
    private boolean started;
    private boolean ended;
    private long packetNo;

    PcapFlowStream(InputStream in, ReadContext ctx) {
        this.in = new DataInputStream(in);
        this.ctx = ctx;
    }

    @Override
    public Event next() throws IOException {
        while (ready.isEmpty()) {
            if (ended) {
                return null;
            }
            if (!started) {
                started = true;
                if (!readHeader()) {
                    ended = true;
                    return null;
                }
            }
            if (!readPacket()) {
                ended = true;
                done.addAll(open.values());
                open.clear();
            }
            release();
        }
        return ready.poll();
    }

    private boolean readHeader() throws IOException {
        byte[] h = new byte[24];
        try {
            in.readFully(h);
        } catch (EOFException e) {
            ctx.reject(1, "truncated pcap header");
            return false;
        }
        int be = ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
        if (be == PcapFlowReader.MAGIC_PCAPNG) {
            ctx.reject(1, "pcapng captures are not supported; convert with `tcpdump -r in.pcapng -w out.pcap`");
            return false;
        }
        little = Integer.reverseBytes(be) == PcapFlowReader.MAGIC_US || Integer.reverseBytes(be) == PcapFlowReader.MAGIC_NS;
        int magic = little ? Integer.reverseBytes(be) : be;
        nanos = magic == PcapFlowReader.MAGIC_NS;
        linkType = int32(h, 20) & 0x0fffffff;
        if (linkType != 1 && linkType != 113 && linkType != 276 && linkType != 101 && linkType != 228) {
            ctx.reject(1, "unsupported pcap link type " + linkType + " (Ethernet, Linux cooked and raw IP are read)");
            return false;
        }
        return true;
    }

    private boolean readPacket() throws IOException {
        byte[] rh = new byte[16];
        int n = in.readNBytes(rh, 0, 16);
        if (n == 0) {
            return false;
        }
        packetNo++;
        if (n < 16) {
            ctx.reject(packetNo, "truncated packet record header (packet " + packetNo + ")");
            return false;
        }
        long sec = int32(rh, 0) & 0xffffffffL;
        long frac = int32(rh, 4) & 0xffffffffL;
        int incl = int32(rh, 8);
        if (incl < 0 || incl > MAX_PACKET) {
            ctx.reject(packetNo, "packet " + packetNo + " claims " + (incl & 0xffffffffL) + " bytes; capture is corrupt, rest not read");
            return false;
        }
        byte[] data = in.readNBytes(incl);
        if (data.length < incl) {
            ctx.reject(packetNo, "truncated packet " + packetNo);
            return false;
        }
        long t = sec * 1_000_000_000L + (nanos ? frac : frac * 1000);
        try {
            PcapPacket p = PcapPacket.parse(data, linkType);
            if (p != null) {
                track(p, t);
            }
        } catch (RuntimeException e) {
            ctx.reject(packetNo, "packet " + packetNo + ": " + LineEventStream.describe(e));
        }
        expire(t);
        return true;
    }

    private void track(PcapPacket p, long t) {
        String fwd = p.proto + "|" + p.src + "|" + p.sport + "|" + p.dst + "|" + p.dport;
        String rev = p.proto + "|" + p.dst + "|" + p.dport + "|" + p.src + "|" + p.sport;
        Conn c = open.get(fwd);
        boolean fromOrig = true;
        if (c == null) {
            c = open.get(rev);
            fromOrig = false;
        }
        if (c == null && !(p.syn && !p.ack)) {
            Long closedAt = recentlyClosed.get(fwd);
            if (closedAt == null) {
                closedAt = recentlyClosed.get(rev);
            }
            if (closedAt != null && t - closedAt < IDLE_NS) {
                return; // a late packet of a connection already reported
            }
        }
        if (c == null || (c.closed && p.syn && !p.ack)) {
            if (c != null) {
                open.remove(c.key);
                done.add(c);
            }
            // a SYN-ACK seen first means the responder is the sender
            boolean swap = p.proto == 6 && p.syn && p.ack;
            c = swap ? new Conn(rev, p.proto, p.dst, p.dport, p.src, p.sport, t)
                    : new Conn(fwd, p.proto, p.src, p.sport, p.dst, p.dport, t);
            fromOrig = !swap;
            if (open.size() >= MAX_OPEN) {
                Iterator<Conn> it = open.values().iterator();
                done.add(it.next());
                it.remove();
            }
            open.put(c.key, c);
        }
        c.update(p, t, fromOrig);
        if (c.closed && c.finishedBoth()) {
            open.remove(c.key);
            done.add(c);
            recentlyClosed.put(c.key, t);
        }
    }

    private void expire(long now) {
        Iterator<Conn> it = open.values().iterator();
        while (it.hasNext()) {
            Conn c = it.next();
            if (now - c.last > IDLE_NS) {
                it.remove();
                done.add(c);
            } else {
                break; // insertion order approximates age; good enough to bound the map
            }
        }
    }

    /** Moves finished connections to the output once no open connection started before them. */
    private void release() {
        long minOpen = Long.MAX_VALUE;
        if (!ended) {
            for (Conn c : open.values()) {
                minOpen = Math.min(minOpen, c.start);
            }
        }
        while (!done.isEmpty() && done.peek().start <= minOpen) {
            Conn c = done.poll();
            ctx.accepted();
            ready.add(toEvent(c));
        }
    }

    private Event toEvent(Conn c) {
        ObjectNode raw = JsonNodeFactory.instance.objectNode();
        String state = c.connState();
        raw.put("ts", c.start / 1e9);   // Zeek conn.log: epoch seconds
        raw.put("id.orig_h", c.origIp);
        raw.put("id.orig_p", c.origPort);
        raw.put("id.resp_h", c.respIp);
        raw.put("id.resp_p", c.respPort);
        raw.put("proto", c.protoName());
        raw.put("duration", (c.last - c.start) / 1e9);
        raw.put("orig_bytes", c.origBytes);
        raw.put("resp_bytes", c.respBytes);
        raw.put("orig_pkts", c.origPkts);
        raw.put("resp_pkts", c.respPkts);
        raw.put("conn_state", state);
        raw.put("history", c.history.toString());
        return Event.builder("pcap").time(c.start).raw(raw).origin(Origin.of(ctx.file(), c.firstPacket))
                .put(Fields.EVENT_KIND, "flow")
                .put(Fields.EVENT_ACTION, "connection")
                .put(Fields.SOURCE_IP, c.origIp).put(Fields.SOURCE_PORT, (long) c.origPort)
                .put(Fields.DEST_IP, c.respIp).put(Fields.DEST_PORT, (long) c.respPort)
                .put(Fields.NETWORK_TRANSPORT, c.protoName())
                .put(Fields.NETWORK_BYTES, c.origBytes + c.respBytes)
                .put(Fields.NETWORK_PACKETS, c.origPkts + c.respPkts)
                .put(Fields.NETWORK_STATE, ZeekConnReader.state(state))
                .build();
    }

    private int int32(byte[] b, int off) {
        int v = ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
        return little ? Integer.reverseBytes(v) : v;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    static String ip(byte[] b, int off, int len) {
        byte[] a = new byte[len];
        System.arraycopy(b, off, a, 0, len);
        try {
            return InetAddress.getByAddress(a).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address");
        }
    }

    /** One tracked connection. */
    private final class Conn {
        final String key;
        final int proto;
        final String origIp;
        final int origPort;
        final String respIp;
        final int respPort;
        final long start;
        final long firstPacket = packetNo;
        final StringBuilder history = new StringBuilder();
        long last;
        long origBytes;
        long respBytes;
        long origPkts;
        long respPkts;
        boolean origSyn;
        boolean respSynAck;
        boolean respRst;
        boolean origRst;
        boolean origFin;
        boolean respFin;
        boolean closed;

        Conn(String key, int proto, String oi, int op, String ri, int rp, long t) {
            this.key = key;
            this.proto = proto;
            this.origIp = oi;
            this.origPort = op;
            this.respIp = ri;
            this.respPort = rp;
            this.start = t;
            this.last = t;
        }

        void update(PcapPacket p, long t, boolean fromOrig) {
            last = t;
            if (fromOrig) {
                origPkts++;
                origBytes += p.payload;
            } else {
                respPkts++;
                respBytes += p.payload;
            }
            if (proto != 6) {
                note(fromOrig ? 'D' : 'd', history);
                return;
            }
            if (p.syn && !p.ack && fromOrig) {
                origSyn = true;
                note('S', history);
            }
            if (p.syn && p.ack && !fromOrig) {
                respSynAck = true;
                note('h', history);
            }
            if (p.payload > 0) {
                note(fromOrig ? 'D' : 'd', history);
            }
            if (p.fin) {
                if (fromOrig) {
                    origFin = true;
                } else {
                    respFin = true;
                }
                note(fromOrig ? 'F' : 'f', history);
            }
            if (p.rst) {
                if (fromOrig) {
                    origRst = true;
                } else {
                    respRst = true;
                }
                note(fromOrig ? 'R' : 'r', history);
                closed = true;
            }
            if (origFin && respFin) {
                closed = true;
            }
        }

        boolean finishedBoth() {
            return closed;
        }

        private void note(char c, StringBuilder h) {
            if (h.indexOf(String.valueOf(c)) < 0 && h.length() < 32) {
                h.append(c);
            }
        }

        String protoName() {
            return proto == 6 ? "tcp" : proto == 17 ? "udp" : String.valueOf(proto);
        }

        String connState() {
            if (proto != 6) {
                return respPkts > 0 ? "SF" : "S0";
            }
            if (origSyn && !respSynAck) {
                if (respRst) {
                    return "REJ";
                }
                return respPkts == 0 ? "S0" : "OTH";
            }
            if (origSyn) {
                if (origRst) {
                    return "RSTO";
                }
                if (respRst) {
                    return "RSTR";
                }
                return origFin && respFin ? "SF" : "S1";
            }
            return "OTH";
        }
    }
}
