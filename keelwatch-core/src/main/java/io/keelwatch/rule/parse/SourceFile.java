package io.keelwatch.rule.parse;

import java.util.Arrays;

/** The text of one rule or config file, with a line index to turn character offsets into line and column. */
public final class SourceFile {
    private final String name;
    private final String text;
    private final int[] lineStarts;

    public SourceFile(String name, String text) {
        this.name = name;
        this.text = text == null ? "" : text;
        int n = 1;
        for (int i = 0; i < this.text.length(); i++) {
            if (this.text.charAt(i) == '\n') {
                n++;
            }
        }
        lineStarts = new int[n];
        int k = 1;
        for (int i = 0; i < this.text.length(); i++) {
            if (this.text.charAt(i) == '\n') {
                lineStarts[k++] = i + 1;
            }
        }
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** 1-based line of a character offset. */
    public int line(int offset) {
        int o = Math.max(0, Math.min(offset, text.length()));
        int idx = Arrays.binarySearch(lineStarts, o);
        return (idx >= 0 ? idx : -idx - 2) + 1;
    }

    /** 1-based column of a character offset. */
    public int column(int offset) {
        int o = Math.max(0, Math.min(offset, text.length()));
        return o - lineStarts[line(o) - 1] + 1;
    }

    /** Character offset of a 1-based line and column (clamped to the text). */
    public int offset(int line, int column) {
        if (line < 1) {
            return 0;
        }
        if (line > lineStarts.length) {
            return text.length();
        }
        return Math.min(text.length(), lineStarts[line - 1] + Math.max(0, column - 1));
    }

    /** The text of a 1-based line without its line break. */
    public String lineText(int line) {
        if (line < 1 || line > lineStarts.length) {
            return "";
        }
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
        if (end > start && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(start, Math.max(start, end));
    }

    /** The line at {@code offset} and a caret under its column. Tabs are kept so the caret lines up. */
    public String snippet(int offset) {
        int line = line(offset);
        int col = column(offset);
        String l = lineText(line);
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < col - 1 && i < l.length(); i++) {
            caret.append(l.charAt(i) == '\t' ? '\t' : ' ');
        }
        for (int i = l.length(); i < col - 1; i++) {
            caret.append(' ');
        }
        return l + "\n" + caret + "^";
    }
}
