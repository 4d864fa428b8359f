package io.keelwatch.rule.compile;

/**
 * An IPv4 or IPv6 network ({@code 10.0.0.0/8}, {@code fd00::/8}); an address without a prefix length is a
 * single host. Addresses are parsed here, never resolved (no DNS). IPv4-mapped IPv6 addresses
 * ({@code ::ffff:10.1.2.3}) are treated as IPv4.
 */
public final class Cidr {
    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** Parses a network; throws IllegalArgumentException with a reason. */
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        byte[] addr = parseAddress(slash < 0 ? t : t.substring(0, slash));
        if (addr == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address or network");
        }
        boolean mapped = addr.length == 4 && t.indexOf(':') >= 0;
        int max = mapped ? 128 : addr.length * 8;
        int prefix = addr.length * 8;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > max || mapped && Integer.parseInt(p) < 96) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "' (" + (mapped ? 96 : 0)
                        + " to " + max + ")");
            }
            prefix = Integer.parseInt(p) - (mapped ? 96 : 0);
        }
        return new Cidr(mask(addr, prefix), prefix, t);
    }

    private static byte[] mask(byte[] a, int prefix) {
        byte[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - bits)));
        }
        return out;
    }

    public boolean contains(String ip) {
        if (ip == null) {
            return false;
        }
        byte[] a = parseAddress(ip.trim());
        if (a == null || a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rem = prefix % 8;
        return rem == 0 || (a[full] & (0xff << (8 - rem)) & 0xff) == (network[full] & 0xff);
    }

    /** 4 bytes for IPv4 (and IPv4-mapped IPv6), 16 for IPv6, or null when not an address. */
    public static byte[] parseAddress(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return parseV4(s);
        }
        int pct = s.indexOf('%');
        byte[] v6 = parseV6(pct >= 0 ? s.substring(0, pct) : s);
        if (v6 == null) {
            return null;
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= v6[i] == 0;
        }
        if (mapped && v6[10] == (byte) 0xff && v6[11] == (byte) 0xff) {
            return new byte[]{v6[12], v6[13], v6[14], v6[15]};
        }
        return v6;
    }

    private static byte[] parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseV6(String s) {
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        int[] h = groups(head, dbl < 0);
        int[] t = dbl >= 0 ? groups(tail, true) : new int[0];
        if (h == null || t == null) {
            return null;
        }
        int total = h.length + t.length;
        if (dbl < 0 ? total != 8 : total > 7) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(t, 0, all, 8 - t.length, t.length);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (all[i] >> 8);
            out[2 * i + 1] = (byte) all[i];
        }
        return out;
    }

    /** Colon-separated hex groups; the last may be a dotted IPv4 address (two groups) when allowed. */
    private static int[] groups(String s, boolean v4Allowed) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int n = parts.length;
        boolean v4 = v4Allowed && parts[n - 1].indexOf('.') >= 0;
        int[] out = new int[v4 ? n + 1 : n];
        for (int i = 0; i < (v4 ? n - 1 : n); i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            for (int k = 0; k < p.length(); k++) {
                if (Character.digit(p.charAt(k), 16) < 0) {
                    return null;
                }
            }
            out[i] = Integer.parseInt(p, 16);
        }
        if (v4) {
            byte[] b = parseV4(parts[n - 1]);
            if (b == null) {
                return null;
            }
            out[n - 1] = (b[0] & 0xff) << 8 | b[1] & 0xff;
            out[n] = (b[2] & 0xff) << 8 | b[3] & 0xff;
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
