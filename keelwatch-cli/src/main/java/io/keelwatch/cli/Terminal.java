package io.keelwatch.cli;

/** Terminal capabilities: colour only on a real terminal, never when NO_COLOR is set or TERM is dumb. */
final class Terminal {
    private Terminal() {
    }

    static boolean colour() {
        if (System.getenv("NO_COLOR") != null) {
            return false;
        }
        if (System.getenv("KEELWATCH_FORCE_COLOR") != null) {
            return true;
        }
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.equals("dumb");
    }

    static String paint(boolean on, String code, String text) {
        return on ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }

    /** Pads or cuts to width (display only). */
    static String cell(String s, int width) {
        if (s == null) {
            s = "";
        }
        if (s.length() > width) {
            return width <= 1 ? s.substring(0, width) : s.substring(0, width - 1) + "\u2026";
        }
        return s + " ".repeat(width - s.length());
    }
}
