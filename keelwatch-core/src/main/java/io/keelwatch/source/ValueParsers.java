package io.keelwatch.source;

import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Fields;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Small parsers shared by the metric and flow readers: human size and percent strings, ports, IP-looking
 * text, IP protocol numbers, and the marking of events whose record carries no time.
 */
final class ValueParsers {
    private ValueParsers() {
    }

    /** Marks an event whose record has no time: time 0 and {@code event.time_estimated=true} (see SampleClock). */
    static void timeUnknown(EventBuilder b) {
        b.time(0);
        b.put(Fields.EVENT_TIME_ESTIMATED, Boolean.TRUE);
    }

    /** True for the placeholders tools print for "no value": null, empty, "-", "--", "N/A". */
    static boolean isUnset(String s) {
        if (s == null) {
            return true;
        }
        String t = s.strip();
        return t.isEmpty() || t.equals("-") || t.equals("--") || t.equalsIgnoreCase("N/A");
    }

    /**
     * A size such as {@code 548KiB}, {@code 2.16kB}, {@code 0B}, {@code 1.5 GB} in bytes. Decimal units (kB, KB,
     * MB, GB, TB, PB) are powers of 1000, binary ones (KiB, MiB, GiB, TiB, PiB) powers of 1024. Returns null for
     * an unset placeholder; throws IllegalArgumentException naming the text otherwise.
     */
    static Long size(String text) {
        if (isUnset(text)) {
            return null;
        }
        String s = text.strip();
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("unreadable size '" + text + "'");
        }
        BigDecimal number;
        try {
            number = new BigDecimal(s.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unreadable size '" + text + "'");
        }
        String unit = s.substring(i).strip();
        long factor = switch (unit.toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "kb", "k" -> 1000L;
            case "mb", "m" -> 1000_000L;
            case "gb", "g" -> 1000_000_000L;
            case "tb", "t" -> 1000_000_000_000L;
            case "pb", "p" -> 1000_000_000_000_000L;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "tib" -> 1L << 40;
            case "pib" -> 1L << 50;
            default -> throw new IllegalArgumentException("unknown size unit in '" + text + "'");
        };
        BigDecimal bytes = number.multiply(BigDecimal.valueOf(factor)).setScale(0, RoundingMode.HALF_UP);
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("size out of range '" + text + "'");
        }
        return bytes.longValueExact();
    }

    /** A percent such as {@code 0.32%} as 0.32; null for an unset placeholder. */
    static Double percent(String text) {
        if (isUnset(text)) {
            return null;
        }
        String s = text.strip();
        if (s.endsWith("%")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        try {
            double d = Double.parseDouble(s);
            if (Double.isNaN(d) || Double.isInfinite(d) || s.endsWith("d") || s.endsWith("f") || s.endsWith("D")
                    || s.endsWith("F")) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unreadable percent '" + text + "'");
        }
    }

    /** The two halves of {@code "548KiB / 23.54GiB"}; a missing half is null. */
    static String[] pair(String text) {
        if (text == null) {
            return new String[]{null, null};
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new String[]{text.strip(), null};
        }
        return new String[]{text.substring(0, slash).strip(), text.substring(slash + 1).strip()};
    }

    /** A port 0..65535; null for an unset placeholder; throws naming the column otherwise. */
    static Long port(String column, String text) {
        if (isUnset(text)) {
            return null;
        }
        long v = number(column, text);
        if (v < 0 || v > 65535) {
            throw new IllegalArgumentException(column + ": port out of range '" + text + "'");
        }
        return v;
    }

    /** A whole decimal number; throws naming the column when it is not one. */
    static long number(String column, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + ": not a number '" + abbreviate(text) + "'");
        }
    }

    /** Loose check that text is an IPv4 or IPv6 address (no lookup). */
    static boolean looksLikeIp(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return false;
        }
        if (s.indexOf(':') >= 0) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')) {
                    return false;
                }
            }
            return s.indexOf(':') != s.lastIndexOf(':');
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** IANA protocol number to the transport name used in network.transport. */
    static String transport(long proto) {
        return switch ((int) proto) {
            case 1 -> "icmp";
            case 2 -> "igmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 41 -> "ipv6";
            case 47 -> "gre";
            case 50 -> "esp";
            case 51 -> "ah";
            case 58 -> "ipv6-icmp";
            case 132 -> "sctp";
            case 136 -> "udplite";
            default -> proto >= 0 && proto <= 255 ? String.valueOf(proto) : null;
        };
    }

    /** Text cut to 60 characters for messages. */
    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
