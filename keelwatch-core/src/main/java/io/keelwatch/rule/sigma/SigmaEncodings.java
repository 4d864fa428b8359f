package io.keelwatch.rule.sigma;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The encoding modifiers: {@code utf16le} (alias {@code wide}), {@code utf16be}, {@code utf16} (with a byte-order
 * mark), {@code base64}, and {@code base64offset} — the three base64 forms of a value placed at byte offsets 0, 1
 * and 2 of a longer text, each cut to the characters that do not depend on the surrounding bytes.
 */
final class SigmaEncodings {
    private SigmaEncodings() {
    }

    static byte[] encode(byte[] text, String modifier) {
        String s = new String(text, StandardCharsets.UTF_8);
        return switch (modifier) {
            case "utf16le", "wide" -> s.getBytes(StandardCharsets.UTF_16LE);
            case "utf16be" -> s.getBytes(StandardCharsets.UTF_16BE);
            case "utf16" -> concat(new byte[]{(byte) 0xFF, (byte) 0xFE}, s.getBytes(StandardCharsets.UTF_16LE));
            default -> throw new IllegalArgumentException(modifier);
        };
    }

    static String base64(byte[] value) {
        return Base64.getEncoder().encodeToString(value);
    }

    /** The three shifted encodings of {@code base64offset}. */
    static List<String> base64offset(byte[] value) {
        List<String> out = new ArrayList<>();
        int[] startCut = {0, 2, 3};
        int[] endCut = {0, 3, 2};
        for (int shift = 0; shift < 3; shift++) {
            byte[] padded = concat(new byte[shift], value);
            String enc = Base64.getEncoder().encodeToString(padded);
            int tail = (shift + value.length) % 3;
            int end = enc.length() - (tail == 0 ? 0 : endCut[tail]);
            int start = startCut[shift];
            out.add(start < end ? enc.substring(start, end) : "");
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
