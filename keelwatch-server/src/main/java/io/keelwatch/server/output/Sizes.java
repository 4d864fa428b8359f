package io.keelwatch.server.output;

import java.util.Locale;

/** Byte sizes as written in configs: {@code 1048576}, {@code 512KiB}, {@code 10MiB}, {@code 1GiB} (also KB, MB, GB, k, m, g as powers of 1024). */
public final class Sizes {
    private Sizes() {
    }

    public static long bytes(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        long mult = 1;
        String[][] units = {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"}, {"kb", "1024"},
                {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1024"}, {"m", "1048576"}, {"g", "1073741824"},
                {"b", "1"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                mult = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        try {
            long v = Long.parseLong(t);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(v, mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + s + "' is not a size (e.g. 10MiB, 512KiB, 1048576)");
        }
    }
}
